/**
 * @module
 * The `audit` section of the platform config: the checkpoint signing key and how often the
 * chain's head is signed. The lead's config schema embeds `auditConfigSchema` as `audit`.
 */
import { z } from 'zod';

/**
 * `audit` in `brevdue.config.json`. The key itself belongs in the environment
 * (`BREVDUE_AUDIT_SIGNING_KEY`) or a file outside the data directory, never in the database.
 * @example { "audit": { "signingKey": "/etc/brevdue/audit-ed25519.pem", "checkpointEvery": 1000, "checkpointMinutes": 15 } }
 */
export const auditConfigSchema = z
  .object({
    /** Ed25519 private key: PKCS8 PEM, its base64 DER, or a path to a file holding either. */
    signingKey: z.string().min(1, 'signingKey is empty: give a PEM, base64 PKCS8 or a file path, or leave it out').optional(),
    /** Public keys of retired signing keys (SPKI PEM, base64 or a file path), so older checkpoints still verify. */
    verifyKeys: z.array(z.string().min(1)).default([]),
    /** Sign the head when this many entries were written since the last checkpoint. */
    checkpointEvery: z.number().int('checkpointEvery must be a whole number of entries').min(1).max(1_000_000).default(1000),
    /** Sign the head at least this often (minutes), also when nothing was written: a gap shows deleted checkpoints. */
    checkpointMinutes: z.number().int('checkpointMinutes must be a whole number of minutes').min(1).max(1440).default(15),
  })
  .strict()
  .prefault({});

/** The parsed `audit` config section. */
export type AuditConfig = z.infer<typeof auditConfigSchema>;
