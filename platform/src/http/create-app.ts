/**
 * @module
 * The HTTP application: public routes (health, OpenAPI, docs, plugin callbacks, web pages),
 * then everything under `/v1` behind bearer auth.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bearerAuth } from '../auth/bearer-auth.ts';
import { letterRoutes } from '../letters/letter-routes.ts';
import { recipientRoutes } from '../letters/recipient-routes.ts';
import type { Runtime } from '../runtime-types.ts';
import { reviewRoutes } from '../shipments/review-routes.ts';
import { shipmentRoutes } from '../shipments/shipment-routes.ts';
import { webhookRoutes } from '../webhooks/webhook-routes.ts';
import { apiDocs } from './api-docs.ts';
import { ApiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';
import { mountApiExtensions, mountWebPages } from './extensions.ts';

export function createApp(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
    if (err instanceof HTTPException) return err.getResponse();
    rt.logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Intern fejl / internal error' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Ukendt adresse / no route ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/health', async (c) => {
    await rt.db.selectFrom('organisations').select('id').limit(1).execute();
    return c.json({ ok: true });
  });
  app.route('/docs', apiDocs());
  mountWebPages(app, rt);

  // Plugin routes (callbacks, inbound post) authenticate the remote themselves.
  for (const p of rt.plugins.providers.values()) {
    if (!p.provider.routes) continue;
    const sub = new Hono();
    p.provider.routes(sub);
    app.route(`/v1/plugins/${p.name}`, sub);
  }

  app.use('/v1/*', bearerAuth(rt.db));
  app.route('/v1/shipments', shipmentRoutes(rt));
  app.route('/v1/letters', letterRoutes(rt));
  app.route('/v1/recipients', recipientRoutes(rt));
  app.route('/v1/webhooks', webhookRoutes(rt));
  app.route('/v1', reviewRoutes(rt));
  app.get('/v1/me', async (c) => {
    const auth = c.get('auth');
    const org = await rt.db.selectFrom('organisations').select(['id', 'slug', 'name', 'cvr']).where('id', '=', auth.organisationId).executeTakeFirstOrThrow();
    return c.json({ organisation: org, role: auth.role, tokenId: auth.tokenId });
  });
  mountApiExtensions(app, rt);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Brevdue API', version: '1.0.0', description: 'Send, receive and archive digital post. Authenticate with `Authorization: Bearer <token>`.' },
    security: [{ bearer: [] }],
  });
  return app;
}
