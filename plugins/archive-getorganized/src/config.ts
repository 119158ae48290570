/**
 * @module
 * The GetOrganized target's config. Secrets (password) should come from the environment through
 * the platform's config file.
 */
import { z } from 'zod';

export const getOrganizedConfigSchema = z.object({
  /** GetOrganized site root, e.g. `https://go.kommune.dk` (the `_goapi` paths hang off it). */
  baseUrl: z.url({ error: 'baseUrl must be the GetOrganized site URL, e.g. https://go.kommune.dk' }),
  /** Service account, `user` or `DOMAIN\user`. */
  username: z.string().min(1, 'username is required: the GetOrganized service account'),
  password: z.string().min(1, 'password is required: set it from an environment variable'),
  /** How to sign in: NTLM, as GetOrganized's IIS expects (default), or HTTP Basic where IIS has Basic enabled. */
  auth: z.enum(['ntlm', 'basic'], { error: 'auth must be "ntlm" (GetOrganized\'s default) or "basic"' }).default('ntlm'),
  /** The service account's Windows domain for NTLM, e.g. `KOMMUNE` (or give it in `username` as `KOMMUNE\user`). */
  domain: z.string().default(''),
  /** The workstation name NTLM reports. */
  workstation: z.string().default('BREVDUE'),
  /** Case type of the party cases ("borgersager"): `BOR` as OS2Forms uses. */
  caseTypePrefix: z
    .string()
    .regex(/^[A-Z]{2,6}$/, 'caseTypePrefix must be 2–6 capital letters, e.g. BOR')
    .default('BOR'),
  /** Document library of the case. */
  listName: z.string().min(1).default('Dokumenter'),
  /** Relation type used to tie the receipt (and attachments) to the letter; `GET /_goapi/Documents/RelationTypes` lists them. */
  relationTypeId: z.number().int().positive().default(1),
  /** Finalise ("journalisér") the filed documents. */
  finalize: z.boolean().default(true),
  /** Per-request timeout. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
});

export type GetOrganizedConfig = z.infer<typeof getOrganizedConfigSchema>;
export type GetOrganizedConfigInput = z.input<typeof getOrganizedConfigSchema>;
