/**
 * @module
 * Hono environment of the API: who is calling, as the authentication middleware found it.
 */
import type { Role } from '../db/schema.ts';

/** The caller of a request: a signed-in person (user) or a system (API token). */
export interface AuthInfo {
  organisationId: string;
  /** What the caller may do (`auth/policy.ts`); a token has one role. */
  roles: readonly Role[];
  /** Teams whose shipments the caller acts for and sees (with `sender`/`teamlead`). */
  teams: readonly string[];
  userId: string | null;
  tokenId: string | null;
  /** The audit log's actor: `user:<id>` or `token:<id>`. */
  actor: string;
  /** The person's (or token's) name, as receipts and screens show it. */
  name: string;
  /** How the caller proved who they are. */
  via: 'token' | 'oidc' | 'session' | 'ticket';
  /** The client's address (for the audit log and sign-in throttling). */
  sourceAddress: string | null;
}

export interface AppEnv {
  Variables: {
    auth: AuthInfo;
  };
}
