/**
 * @module
 * `/openapi.json`: the OpenAPI 3.1 document generated from the routes' zod schemas.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';

/** Serves the generated OpenAPI document at `/openapi.json`; call after every route is mounted. */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Brevdue API',
      version: '1.0.0',
      description: 'Send, receive and archive digital post. Authenticate with `Authorization: Bearer <token>`.',
    },
    security: [{ bearer: [] }],
  });
}
