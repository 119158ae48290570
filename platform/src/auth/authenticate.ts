/**
 * @module
 * Who is calling, for every request under `/v1`. In order:
 * - `Authorization: Bearer bd_…`: an API token (systems); looked up on every request, so a
 *   revoked or expired token is refused at once in every process;
 * - `Authorization: Bearer <JWT>`: an access token of the configured OpenID provider (Entra ID,
 *   the sandbox's): verified against its keys, the user provisioned from its claims;
 * - the `brevdue_session` cookie of the web pages (with `X-Brevdue-Csrf` on changes);
 * - `?ticket=` on an event stream, issued by `POST …/events/ticket`.
 * A failure is logged without the credential and counted per source address (`sign-in-throttle`).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database, Role } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv, AuthInfo } from '../http/app-env.ts';
import { IdentityError, mapClaims } from '../identity/index.ts';
import { hashToken } from './api-tokens.ts';
import { AUTH_MESSAGES } from './auth-messages.ts';
import type { IdentityRuntime } from './identity-runtime.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';
import { redeemStreamTicket } from './stream-tickets.ts';
import { provisionUser } from './users.ts';
import { SESSION_COOKIE, findWebSession } from './web-sessions.ts';

export interface AuthenticateDeps {
  db: Kysely<Database>;
  logger: Logger;
  identity: IdentityRuntime | undefined;
  throttle: SignInThrottle | undefined;
  /** Key of stream tickets. */
  ticketKey: string;
  /** The organisation people signing in with the provider belong to. */
  organisationId: string;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy the config names). */
  trustProxy: boolean;
}

/** Why a request was not authenticated, for the log (never the credential). */
class Refused extends Error {
  constructor(
    readonly reason: string,
    readonly status: 401 | 403 = 401,
    readonly userMessage: string = AUTH_MESSAGES.unauthorized,
  ) {
    super(reason);
  }
}

/** The client's address: the socket's peer, or the proxy's X-Forwarded-For when trusted. */
export function sourceAddressOf(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}

// Event streams a ticket opens: a shipment's letters, and the inbox (received post).
const STREAM_PATH = /^\/v1\/(?:shipments\/[0-9a-f-]{36}\/events|inbox\/events)$/;

/** The authentication middleware for `/v1/*`. */
export function authenticate(deps: AuthenticateDeps): MiddlewareHandler<AppEnv> {
  const { db } = deps;
  const provisioned = new Map<string, { userId: string; until: number }>();

  async function byApiToken(token: string, source: string | null): Promise<AuthInfo> {
    const row = await db
      .selectFrom('api_tokens as t')
      .leftJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id',
        't.organisation_id',
        't.role',
        't.user_id',
        't.name',
        't.team',
        't.expires_at',
        't.last_used_at',
        'u.name as user_name',
        'u.disabled',
      ])
      .where('t.token_hash', '=', hashToken(token))
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new Refused('unknown or revoked token');
    if (row.expires_at && row.expires_at.getTime() <= Date.now()) throw new Refused('expired token');
    if (row.disabled) throw new Refused('token of a disabled user', 403, AUTH_MESSAGES.userDisabled);
    // Kept to the minute: one write per token per minute, not per request.
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
      void db
        .updateTable('api_tokens')
        .set({ last_used_at: new Date() })
        .where('id', '=', row.id)
        .execute()
        .catch(() => {});
    }
    return {
      organisationId: row.organisation_id,
      roles: [row.role],
      teams: row.team ? [row.team] : [],
      userId: row.user_id,
      tokenId: row.id,
      actor: row.user_id ? `user:${row.user_id}` : `token:${row.id}`,
      name: row.user_name ?? row.name,
      via: 'token',
      sourceAddress: source,
    };
  }

  async function byAccessToken(jwt: string, source: string | null): Promise<AuthInfo> {
    const identity = deps.identity;
    if (!identity) throw new Refused('a JWT, but no identity provider is configured');
    let claims;
    try {
      claims = await identity.verifier.verify(jwt);
    } catch (e) {
      if (e instanceof IdentityError && e.status === 503) throw new ApiError(503, 'identity_unavailable', e.message);
      throw new Refused(`access token refused: ${e instanceof IdentityError ? e.code : 'invalid'}`);
    }
    const who = mapClaims(claims, identity.config.claimMapping);
    // Provisioning (roles and teams from the claims) once per user every few minutes; the
    // user row — disabled or not — is read on every request.
    const cacheKey = `${who.subject}|${claims.iat ?? ''}`;
    const seen = provisioned.get(cacheKey);
    let userId = seen && seen.until > Date.now() ? seen.userId : undefined;
    if (!userId) {
      const p = { issuer: identity.config.issuer, subject: who.subject, upn: who.upn, name: who.name, roles: who.roles, teams: who.teams };
      userId = (await provisionUser(db, deps.organisationId, p)).id;
      if (provisioned.size > 10_000) provisioned.clear();
      provisioned.set(cacheKey, { userId, until: Date.now() + 300_000 });
    }
    const user = await db
      .selectFrom('users')
      .select(['organisation_id', 'name', 'roles', 'teams', 'disabled'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.disabled) throw new Refused('disabled user', 403, AUTH_MESSAGES.userDisabled);
    if (user.roles.length === 0) throw new Refused('user without a role', 403, AUTH_MESSAGES.noRole);
    return userAuth(user.organisation_id, userId, user.name, user.roles, user.teams, 'oidc', source);
  }

  async function bySession(c: Context<AppEnv>, secret: string, source: string | null): Promise<AuthInfo> {
    const s = await findWebSession(db, secret);
    if (!s) throw new Refused('unknown or ended session');
    if (s.disabled) throw new Refused('disabled user', 403, AUTH_MESSAGES.userDisabled);
    // A cookie rides along on cross-site requests; a custom header cannot without CORS consent.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header('x-brevdue-csrf') !== '1') {
      throw new ApiError(403, 'csrf', AUTH_MESSAGES.csrf);
    }
    return userAuth(s.organisation_id, s.user_id, s.name, s.roles, s.teams, 'session', source);
  }

  async function byTicket(c: Context<AppEnv>, ticket: string, source: string | null): Promise<AuthInfo> {
    if (c.req.method !== 'GET' || !STREAM_PATH.test(c.req.path)) throw new Refused('a ticket outside an event stream');
    const who = redeemStreamTicket(deps.ticketKey, ticket, c.req.path);
    if (!who) throw new Refused('invalid or expired stream ticket');
    // The credential behind the ticket must still be good (a revoke is never delayed).
    if (who.userId) {
      const u = await db.selectFrom('users').select('disabled').where('id', '=', who.userId).executeTakeFirst();
      if (!u || u.disabled) throw new Refused('ticket of a disabled user');
    } else if (who.tokenId) {
      const t = await db
        .selectFrom('api_tokens')
        .select('id')
        .where('id', '=', who.tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!t) throw new Refused('ticket of a revoked token');
    }
    return { ...who, via: 'ticket', sourceAddress: source };
  }

  return async (c, next) => {
    const source = sourceAddressOf(c, deps.trustProxy);
    const key = source ?? 'unknown';
    const blocked = deps.throttle?.blockedFor(key) ?? 0;
    if (blocked > 0) return tooMany(c, blocked);
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    const ticket = c.req.query('ticket');
    try {
      let auth: AuthInfo;
      if (bearer) auth = bearer.split('.').length === 3 ? await byAccessToken(bearer, source) : await byApiToken(bearer, source);
      else if (ticket) auth = await byTicket(c, ticket, source);
      else if (cookie) auth = await bySession(c, cookie, source);
      else throw new Refused(header ? 'malformed Authorization header' : 'no credentials');
      c.set('auth', auth);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      deps.logger.warn({ reason: e.reason, source, path: c.req.path }, 'request not authenticated');
      // A request without any credential is no guess: it is not counted.
      if (e.reason !== 'no credentials' && deps.throttle) {
        const block = await deps.throttle.fail(key);
        if (block > 0) return tooMany(c, block);
      }
      return c.json({ error: { code: e.status === 401 ? 'unauthorized' : 'forbidden', message: e.userMessage } }, e.status);
    }
    await next();
  };
}

function userAuth(
  organisationId: string,
  userId: string,
  name: string,
  roles: Role[],
  teams: string[],
  via: AuthInfo['via'],
  sourceAddress: string | null,
): AuthInfo {
  return { organisationId, roles, teams, userId, tokenId: null, actor: `user:${userId}`, name, via, sourceAddress };
}

function tooMany(c: Context<AppEnv>, seconds: number) {
  c.header('Retry-After', String(seconds));
  return c.json({ error: { code: 'too_many_failures', message: AUTH_MESSAGES.tooManyFailures(seconds) } }, 429);
}
