/**
 * @module
 * Test helper: a feature's routes mounted alone, as the platform mounts them behind its
 * authentication — the API's error handler, and a caller the test chooses.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import pino, { type Logger } from 'pino';
import type { AppEnv, AuthInfo } from '../src/http/app-env.ts';
import { apiErrorHandler } from '../src/http/error-handler.ts';

/** A caller: an admin token of the organisation unless the test says otherwise. */
export function testAuth(a: Partial<AuthInfo> & { organisationId: string }): AuthInfo {
  return {
    roles: ['admin'],
    teams: [],
    tokenId: null,
    userId: null,
    actor: 'test',
    name: 'test',
    via: 'token',
    sourceAddress: null,
    ...a,
  };
}

/**
 * An app whose every request is made by `auth` (a function may choose per request).
 * @example const app = featureApp({ organisationId: org }); app.route('/v1/inbox', inboxRoutes(rt));
 */
export function featureApp(
  auth: AuthInfo | ((header: (name: string) => string | undefined) => AuthInfo),
  logger: Pick<Logger, 'error'> = pino({ level: 'silent' }),
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(apiErrorHandler(logger));
  app.use('*', async (c, next) => {
    c.set('auth', typeof auth === 'function' ? auth((n) => c.req.header(n)) : auth);
    await next();
  });
  return app;
}
