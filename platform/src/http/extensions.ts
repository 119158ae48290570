/**
 * @module
 * Mounts the feature modules that live in their own folders (documents, archive, web pages).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { documentRoutes } from '../documents/document-routes.ts';
import type { Runtime } from '../runtime-types.ts';
import type { AppEnv } from './app-env.ts';

export function mountExtensions(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.route('/v1/documents', documentRoutes(rt));
}
