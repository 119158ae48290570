/**
 * @module
 * Mounts the feature modules that live in their own folders: documents and the archive under
 * `/v1` (behind bearer auth), and the task panes and `/send` page at the root.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { archiveRoutes } from '../archive/index.ts';
import { documentRoutes } from '../documents/index.ts';
import type { Runtime } from '../runtime-types.ts';
import { webRoutes } from '../web/web-routes.ts';
import type { AppEnv } from './app-env.ts';

export function mountApiExtensions(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.route('/v1/documents', documentRoutes(rt));
  app.route('/v1/archive', archiveRoutes(rt));
}

export function mountWebPages(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.route('/', webRoutes(rt) as never);
}
