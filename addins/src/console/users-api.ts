/**
 * @module
 * The Brugere section's API calls: staff (`/v1/users`, a page at a time, searched on the server)
 * and system tokens (`/v1/tokens`; the secret only in the answer to a create).
 */
import type { CreatedTokenView, StaffRole, TokenView, UserPage, UserView } from '@brevdue/shared/api';
import type { BrevdueApi } from '../common/api-client.ts';

export type { CreatedTokenView, StaffRole, TokenView, UserPage, UserView };

/** A new user as the form gives it. */
export interface NewUser {
  upn: string;
  name: string;
  roles: StaffRole[];
  teams: string[];
}

/** What an admin changes on a user. */
export interface UserChange {
  roles?: StaffRole[];
  teams?: string[];
  disabled?: boolean;
}

/** A new system token as the form gives it (`expiresAt` an ISO moment). */
export interface NewToken {
  name: string;
  role: StaffRole;
  team?: string;
  expiresAt?: string;
}

export class UsersApi {
  constructor(readonly api: BrevdueApi) {}

  /** One page of the organisation's users by name; `q` searches name and sign-in name. */
  users(q: string, page: number, pageSize: number): Promise<UserPage> {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (q.trim()) query.set('q', q.trim());
    return this.api.json<UserPage>('GET', `/v1/users?${query.toString()}`);
  }

  createUser(u: NewUser): Promise<UserView> {
    return this.api.json<UserView>('POST', '/v1/users', u);
  }

  updateUser(id: string, change: UserChange): Promise<UserView> {
    return this.api.json<UserView>('PATCH', `/v1/users/${encodeURIComponent(id)}`, change);
  }

  /** The organisation's tokens, never their secrets. */
  async tokens(): Promise<TokenView[]> {
    return (await this.api.json<{ tokens: TokenView[] }>('GET', '/v1/tokens')).tokens;
  }

  /** Creates a token; the answer's `token` is the secret, shown this once. */
  createToken(t: NewToken): Promise<CreatedTokenView> {
    return this.api.json<CreatedTokenView>('POST', '/v1/tokens', t);
  }

  /** Revokes a token: refused from the next request on. */
  async revokeToken(id: string): Promise<void> {
    await this.api.json<null>('DELETE', `/v1/tokens/${encodeURIComponent(id)}`);
  }
}
