/**
 * @module
 * `GET /v1/me`: who the caller is — organisation, user (for a person), roles and teams.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';

const meSchema = z.object({
  organisation: z.object({ id: z.string(), slug: z.string(), name: z.string(), cvr: z.string().nullable() }),
  user: z
    .object({ id: z.string(), upn: z.string().nullable(), name: z.string(), roles: z.array(z.string()), teams: z.array(z.string()) })
    .nullable(),
  roles: z.array(z.string()),
  teams: z.array(z.string()),
  tokenId: z.string().nullable(),
  name: z.string(),
});

/** The caller's own identity, as a sub-app to mount at `/v1/me`. */
export function meRoutes(db: Kysely<Database>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({ method: 'get', path: '/', summary: 'Who am I', responses: { 200: json(meSchema, 'The caller'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      const org = await db
        .selectFrom('organisations')
        .select(['id', 'slug', 'name', 'cvr'])
        .where('id', '=', auth.organisationId)
        .executeTakeFirstOrThrow();
      const user = auth.userId
        ? await db.selectFrom('users').select(['id', 'upn', 'name', 'roles', 'teams']).where('id', '=', auth.userId).executeTakeFirst()
        : undefined;
      return c.json(
        { organisation: org, user: user ?? null, roles: [...auth.roles], teams: [...auth.teams], tokenId: auth.tokenId, name: auth.name },
        200,
      );
    },
  );
  return app;
}
