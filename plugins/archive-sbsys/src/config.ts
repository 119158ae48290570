/**
 * @module
 * The SBSYS target's config. Secrets (clientSecret, password) should come from the environment
 * through the platform's config file.
 */
import { z } from 'zod';

export const sbsysConfigSchema = z.object({
  /** Root of the SBSYS web API, e.g. `https://sbsys.kommune.dk/sbsysapi` (the `/api/...` paths hang off it). */
  baseUrl: z.url({ error: 'baseUrl must be the SBSYS web API URL, e.g. https://sbsys.kommune.dk/sbsysapi' }),
  /** OAuth2 token endpoint of SBSYS' identity provider. */
  tokenUrl: z.url({ error: 'tokenUrl must be the OAuth2 token endpoint URL of SBSYS' }),
  clientId: z.string().min(1, 'clientId is required: the OAuth2 client registered for Brevdue'),
  clientSecret: z.string().min(1, 'clientSecret is required: set it from an environment variable'),
  /** Service account (SBSYS' API uses the OAuth2 password grant). */
  username: z.string().min(1, 'username is required: the SBSYS service account'),
  password: z.string().min(1, 'password is required: set it from an environment variable'),
  /** Case template (`SkabelonId`) new party cases are created from. */
  templateId: z.number({ error: 'templateId must be the number of an SBSYS case template (SkabelonId)' }).int().positive(),
  /** Caseworker (`SagsBehandlerID`) new cases are assigned to. */
  caseworkerId: z.number({ error: 'caseworkerId must be an SBSYS user id (SagsBehandlerID)' }).int().positive(),
  /** Title of the party's Brevdue case; the case is found by primary party and this exact title. */
  caseTitle: z.string().trim().min(1).max(200).default('Digital post (Brevdue)'),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
});

export type SbsysConfig = z.infer<typeof sbsysConfigSchema>;
export type SbsysConfigInput = z.input<typeof sbsysConfigSchema>;
