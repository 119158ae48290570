/**
 * @module
 * Hono environment of the API: what the auth middleware puts on the context.
 */
import type { Role } from '../db/schema.ts';

export interface AuthInfo {
  tokenId: string;
  organisationId: string;
  role: Role;
  userId: string | null;
}

export interface AppEnv {
  Variables: {
    auth: AuthInfo;
  };
}
