/**
 * @module
 * The HTTP application, in the order requests meet it: error shapes, public routes (health,
 * API docs, web pages, plugin callbacks), then everything under `/v1` behind bearer auth, and
 * the OpenAPI document generated from it all.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type MiddlewareHandler } from 'hono';
import { authenticate } from '../auth/authenticate.ts';
import { authorize } from '../auth/authorize.ts';
import { signInRoutes } from '../auth/sign-in-routes.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import { apiErrorHandler } from '../http/error-handler.ts';
import { requestLang } from '../http/request-lang.ts';
import { pageSecurityHeaders, taskPaneSecurityHeaders } from '../http/security-headers.ts';
import type { AppEnv } from '../http/app-env.ts';
import { webRoutes } from '../web/web-routes.ts';
import { apiDocs } from './api-docs.ts';
import { mountApi } from './mount-api.ts';
import { serveOpenApiDocument } from './openapi-document.ts';
import type { Runtime } from './runtime-types.ts';

/**
 * Builds the platform's HTTP application on a runtime.
 * @example serve({ fetch: createApp(rt).fetch, port: 3000 });
 */
export function createApp(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.onError(apiErrorHandler(rt.logger));
  app.notFound((c) => {
    const route = `${c.req.method} ${c.req.path}`;
    const message = requestLang(c.req.header('accept-language')) === 'en' ? `No route ${route}` : `Ukendt adresse: ${route}`;
    return c.json({ error: { code: 'not_found', message } }, 404);
  });

  // Before any route: Hono runs middleware in the order it was added.
  app.use(
    '*',
    jsonBodyLimit({
      maxBytes: rt.config.http.jsonBodyLimit,
      // Document intake streams up to 99.5 MB under limits of its own.
      except: (path) => DOCUMENT_INTAKE.has(path.replace(/\/+$/, '')),
      // API handlers may read a body as JSON whatever its type; plugins limit their own routes.
      anyType: (path) => path.startsWith('/v1/') && !path.startsWith('/v1/plugins/'),
    }),
  );
  const pageHeaders = pageSecurityHeaders();
  for (const path of ['/send', '/console', '/console/*', '/docs', '/docs/*', '/auth/*']) app.use(path, pageHeaders);
  app.use(
    '/addins/*',
    taskPaneSecurityHeaders(() => identityOrigins(rt)),
  );

  app.get('/health', async (c) => {
    await rt.db.selectFrom('organisations').select('id').limit(1).execute();
    return c.json({ ok: true });
  });
  app.route('/docs', apiDocs());
  app.route('/', webRoutes(rt));

  // Plugin routes (callbacks, inbound post) authenticate the remote themselves.
  for (const p of rt.plugins.providers.values()) {
    if (!p.provider.routes) continue;
    const sub = new Hono();
    p.provider.routes(sub);
    app.route(`/v1/plugins/${p.name}`, sub);
  }

  // Every person signing in with the provider belongs to the default organisation.
  let orgId: Promise<string> | undefined;
  const organisationId = () =>
    (orgId ??= rt.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', rt.config.defaultOrganisation.slug)
      .executeTakeFirstOrThrow()
      .then((o) => o.id));
  app.route('/auth', signInRoutes(rt, organisationId));

  let authentication: MiddlewareHandler<AppEnv> | undefined;
  app.use('/v1/*', async (c, next) => {
    authentication ??= authenticate({
      db: rt.db,
      logger: rt.logger,
      identity: rt.identity,
      throttle: rt.signInThrottle,
      ticketKey: rt.streamTicketKey,
      organisationId: await organisationId(),
      trustProxy: rt.config.trustProxy,
    });
    return authentication(c, next);
  });
  app.use('/v1/*', authorize());
  mountApi(app, rt);
  serveOpenApiDocument(app);
  return app;
}

/** The routes that take documents (raw upload, e-mail with attachments), each with its own size limit. */
const DOCUMENT_INTAKE = new Set(['/v1/documents', '/v1/documents/from-email']);

/** The identity provider the task panes sign in with (MSAL calls it from the page). */
function identityOrigins(rt: Runtime): string[] {
  const issuer = rt.identity?.config.issuer;
  const url = issuer ? URL.parse(issuer.replace('{tenantid}', 'common')) : null;
  return url ? [url.origin] : [];
}
