/**
 * @module
 * The Digipost plugin's config, validated at start-up.
 */
import { z } from 'zod';
import { postalAddressSchema } from '@brevdue/shared';

const digits = (what: string) => z.string().regex(/^\d{1,20}$/, `${what} is the numeric id Digipost gave you, e.g. "123456"`);

export const digipostConfigSchema = z.object({
  /** API root: production https://api.digipost.no, test https://api.test.digipost.no, or the simulator. */
  baseUrl: z.url().default('https://api.digipost.no'),
  /** Broker id (`X-Digipost-UserId`): the organisation account that signs the requests. */
  brokerId: z.coerce.string().pipe(digits('brokerId')),
  /** Sender id, when the broker sends on behalf of another Digipost account (`<sender-id>`). */
  senderId: z.coerce.string().pipe(digits('senderId')).optional(),
  /** Path of the enterprise certificate (PKCS#12: .p12/.pfx) whose public part is uploaded to Digipost. */
  certificatePath: z.string().min(1, 'certificatePath is the path of the enterprise certificate (.p12)'),
  /**
   * Name of the environment variable holding the PKCS#12 passphrase. Leave out only for a file
   * without passphrase (the simulator's test certificate).
   */
  certificatePassphraseEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'certificatePassphraseEnv is the NAME of an environment variable, e.g. DIGIPOST_CERT_PASSPHRASE')
    .optional(),
  authenticationLevel: z.enum(['PASSWORD', 'TWO_FACTOR', 'IDPORTEN_3', 'IDPORTEN_4']).default('PASSWORD'),
  sensitivityLevel: z.enum(['NORMAL', 'SENSITIVE']).default('NORMAL'),
  /** Data type a BETALING action becomes: `inkasso` (debt collection) or `invoice` (needs an account). */
  paymentDataType: z.enum(['inkasso', 'invoice']).default('inkasso'),
  print: z
    .object({
      /** Print in colour unless the letter says otherwise. */
      colour: z.boolean().default(false),
      /** What Posten does with a letter it cannot deliver. */
      nondeliverableHandling: z.enum(['RETURN_TO_SENDER', 'SHRED']).default('RETURN_TO_SENDER'),
    })
    .default({ colour: false, nondeliverableHandling: 'RETURN_TO_SENDER' }),
  /** Return address for print when the organisation has none. */
  returnAddress: postalAddressSchema.optional(),
  /** Verify Digipost's signature on its answers (with the certificate from the entry point). */
  verifyResponses: z.boolean().default(true),
  /** Timeout of one HTTP call, ms. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
});
export type DigipostConfig = z.infer<typeof digipostConfigSchema>;
