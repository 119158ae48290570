/**
 * @module
 * The simulator's settings and its default registration table (documented in the README).
 */
import { z } from 'zod';
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';

/** One row of the registration table (also the body of `PUT /_simulator/registrations/{id}`). */
export const simRegistrationSchema = z.object({
  /** Digital Post: registered, not registered, exempt (fritaget), or unknown to CPR/CVR. */
  digitalpost: z.enum(['registered', 'not_registered', 'exempt', 'unknown']),
  nemsms: z.boolean().default(false),
});
export type SimRegistration = z.infer<typeof simRegistrationSchema>;

/** Test identities. Any other valid CPR/CVR counts as registered for Digital Post and NemSMS. */
export const DEFAULT_REGISTRATIONS: Record<string, SimRegistration> = {
  '0101904321': { digitalpost: 'registered', nemsms: true },
  '0202904318': { digitalpost: 'registered', nemsms: false },
  '0303904313': { digitalpost: 'not_registered', nemsms: false },
  '0404904310': { digitalpost: 'not_registered', nemsms: true },
  '0505904315': { digitalpost: 'exempt', nemsms: false },
  '0606904312': { digitalpost: 'unknown', nemsms: false },
};

export const simulatorSettingsSchema = z.object({
  /** Extra or replacing entries of the registration table, by CPR/CVR. */
  registrations: z.record(z.string(), simRegistrationSchema).default({}),
  /** Milliseconds from acceptance until the status says delivered (or failed). */
  statusDelayMs: z.number().int().min(0).default(2000),
  /** CPR/CVR numbers whose letters are accepted but then fail delivery (e.g. print returned). */
  failDelivery: z.array(z.string()).default(['0707904319']),
  /** Lifetime of issued access tokens (seconds). */
  tokenLifetimeSeconds: z.number().int().min(1).default(3600),
  /** Passphrase of the generated client PKCS#12. */
  passphrase: z.string().min(1).default('brevdue-simulator'),
  /** Largest total of MeMo document content (bytes): NgDP's 99.5 MB. Lower it only in tests. */
  maxShipmentBytes: z.number().int().min(1).default(MAX_SHIPMENT_BYTES),
  /** Largest body read at all, before parsing (bytes); bigger requests are cut off with 413. */
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .default(Math.ceil(99.5 * 1024 * 1024 * 2.8)),
  /**
   * SF1606: where `POST /_simulator/inbound` delivers post, as the Postkomponent would: the platform's
   * PostModtag, e.g. https://127.0.0.1:4021/v1/plugins/digitalpost-sf1601/sf1606/PostModtag.
   */
  inboundUrl: z.url({ message: "inboundUrl must be the https URL of the platform's PostModtag" }).optional(),
});
export type SimulatorSettings = z.infer<typeof simulatorSettingsSchema>;
