/**
 * @module
 * `Authorization: Bearer <token>` for the API. A wrong or missing token is a bare 401.
 * Server-sent events accept `?access_token=` because EventSource cannot send headers.
 */
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';
import type { AppEnv, AuthInfo } from '../http/app-env.ts';
import { ApiError } from '../http/api-error.ts';
import { hashToken } from './api-tokens.ts';

const CACHE_MS = 5_000;

export function bearerAuth(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  // Short cache: a token lookup per request would dominate small requests under load.
  const cache = new Map<string, { info: AuthInfo | null; until: number }>();
  return async (c, next) => {
    const header = c.req.header('authorization');
    let token: string | undefined;
    if (header?.startsWith('Bearer ')) token = header.slice(7).trim();
    else if (c.req.method === 'GET' && c.req.header('accept')?.includes('text/event-stream')) token = c.req.query('access_token');
    if (!token) return c.json({ error: { code: 'unauthorized', message: 'Unauthorized' } }, 401);
    const hash = hashToken(token);
    let hit = cache.get(hash);
    if (!hit || hit.until < Date.now()) {
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'organisation_id', 'role', 'user_id'])
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      hit = { info: row ? { tokenId: row.id, organisationId: row.organisation_id, role: row.role, userId: row.user_id } : null, until: Date.now() + CACHE_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, hit);
    }
    if (!hit.info) return c.json({ error: { code: 'unauthorized', message: 'Unauthorized' } }, 401);
    c.set('auth', hit.info);
    await next();
  };
}

/** Refuses the request unless the token has one of the roles (403 naming them). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('auth');
    if (!roles.includes(role)) {
      throw new ApiError(403, 'forbidden', `Kræver rollen ${roles.join(' eller ')} / requires the role ${roles.join(' or ')}`);
    }
    await next();
  };
}
