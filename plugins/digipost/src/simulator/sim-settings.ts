/**
 * @module
 * The simulator's settings and its default identification table. The test identities are
 * synthetic fødselsnumre / organisation numbers with valid control digits.
 */
import { z } from 'zod';

/**
 * Default identification answers. Anything not listed is `UNIDENTIFIED` (NOT_FOUND).
 *
 * | identifier | answer | meaning |
 * | --- | --- | --- |
 * | 01019010046 | DIGIPOST | has a Digipost mailbox: delivered digitally |
 * | 15058510170 | IDENTIFIED | a known person without Digipost: printed when print details are given |
 * | 24127210019 | UNIDENTIFIED | not found (NOT_FOUND) |
 * | 31129910065 | INVALID | identifier refused (INVALID_PERSONAL_IDENTIFICATION_NUMBER) |
 * | 07070710093 | IDENTIFIED, print fails | printed, then a PRINT_FAILED event (ADDRESS_UNKNOWN) |
 * | 12035610039 | DIGIPOST, opens | delivered digitally, then an OPENED event |
 * | 910000004 | DIGIPOST | organisation with a Digipost inbox |
 * | 910000012 | IDENTIFIED | organisation without Digipost |
 */
export const DEFAULT_IDENTIFICATIONS: Record<string, 'DIGIPOST' | 'IDENTIFIED' | 'UNIDENTIFIED' | 'INVALID'> = {
  '01019010046': 'DIGIPOST',
  '15058510170': 'IDENTIFIED',
  '24127210019': 'UNIDENTIFIED',
  '31129910065': 'INVALID',
  '07070710093': 'IDENTIFIED',
  '12035610039': 'DIGIPOST',
  '910000004': 'DIGIPOST',
  '910000012': 'IDENTIFIED',
};

export const simulatorSettingsSchema = z.object({
  /** Broker ids accepted in X-Digipost-UserId. */
  brokerIds: z.array(z.string()).default(['1000']),
  /** identifier → identification answer; merged over the defaults. */
  identifications: z.record(z.string(), z.enum(['DIGIPOST', 'IDENTIFIED', 'UNIDENTIFIED', 'INVALID'])).default({}),
  /** Identifiers whose print fails after posting (PRINT_FAILED). */
  printFails: z.array(z.string()).default(['07070710093']),
  /** Identifiers who open their digital letters (OPENED). */
  opens: z.array(z.string()).default(['12035610039']),
  /** How long after delivery the document events happen, ms. */
  eventDelayMs: z.number().int().min(0).default(2000),
  /** PEM of the public certificate the signatures are checked with; default: the one the simulator generates. */
  publicCertificatePem: z.string().optional(),
  /** `wrong` signs the answers with a key that is not in the entry point (to test answer verification). */
  answerSignature: z.enum(['valid', 'wrong']).default('valid'),
  /** Allowed clock skew of the Date header, ms (Digipost: five minutes). */
  maxClockSkewMs: z
    .number()
    .int()
    .min(0)
    .default(5 * 60_000),
});
export type SimulatorSettings = z.infer<typeof simulatorSettingsSchema>;
