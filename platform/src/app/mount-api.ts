/**
 * @module
 * Every feature's routes under `/v1`, in one list: the map of the API. Mounted behind bearer
 * auth by `createApp`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { archiveRoutes } from '../archive/index.ts';
import { auditRoutes } from '../audit/audit-routes.ts';
import { meRoutes } from '../auth/me-routes.ts';
import { tokenRoutes } from '../auth/token-routes.ts';
import { userRoutes } from '../auth/user-routes.ts';
import { documentRoutes } from '../documents/index.ts';
import { inboxRoutes } from '../inbox/inbox-routes.ts';
import type { AppEnv } from '../http/app-env.ts';
import { letterRoutes } from '../letters/letter-routes.ts';
import { pluginRoutes } from '../plugins/plugin-routes.ts';
import { recipientRoutes } from '../letters/recipient-routes.ts';
import { reviewRoutes } from '../shipments/review-routes.ts';
import { shipmentRoutes } from '../shipments/shipment-routes.ts';
import { splitRoutes } from '../splits/split-routes.ts';
import { statisticsRoutes } from '../statistics/statistics-routes.ts';
import { webhookRoutes } from '../webhooks/webhook-routes.ts';
import type { Runtime } from './runtime-types.ts';

/** Mounts the API's feature routes on `app` (auth must already guard `/v1/*`). */
export function mountApi(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.route('/v1/shipments', shipmentRoutes(rt));
  app.route('/v1/letters', letterRoutes(rt));
  app.route('/v1/recipients', recipientRoutes(rt));
  app.route('/v1/webhooks', webhookRoutes(rt));
  app.route('/v1', reviewRoutes(rt));
  app.route('/v1/me', meRoutes(rt.db));
  app.route('/v1/tokens', tokenRoutes(rt));
  app.route('/v1/users', userRoutes(rt));
  app.route('/v1/plugins', pluginRoutes(rt));
  app.route('/v1/documents', documentRoutes(rt));
  app.route('/v1', splitRoutes(rt));
  app.route('/v1/archive', archiveRoutes(rt));
  app.route('/v1/inbox', inboxRoutes(rt));
  app.route('/v1/audit', auditRoutes(rt));
  app.route('/v1/statistics', statisticsRoutes(rt));
}
