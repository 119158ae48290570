/**
 * @module
 * `/v1/tokens`: API tokens for systems (admins only, by the policy table). The secret is shown
 * once, in the answer to the create; lists never carry it. A revoke takes effect at once.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Runtime } from '../app/runtime-types.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { notFound } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { createApiToken, listApiTokens, revokeApiToken, ROLES } from './api-tokens.ts';
import { AUTH_MESSAGES } from './auth-messages.ts';

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  team: z.string().nullable(),
  prefix: z.string().openapi({ description: 'The first characters of the secret, to recognise it' }),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const createSchema = z.object({
  name: z.string().min(1).max(200),
  role: z.enum(ROLES),
  team: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'a team is lower-case letters, digits and dashes')
    .optional(),
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((s) => Date.parse(s) > Date.now(), 'expiresAt must be in the future')
    .optional(),
});
const idParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** The token routes, to mount at `/v1/tokens`. */
export function tokenRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'API tokens of the organisation (never their secrets)',
      responses: { 200: json(z.object({ tokens: z.array(tokenSchema) }), 'Tokens'), ...errors },
    }),
    async (c) => c.json({ tokens: await listApiTokens(rt.db, c.get('auth').organisationId) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Create an API token for a system; the secret is in this answer only',
      request: { body: { content: { 'application/json': { schema: createSchema } }, required: true } },
      responses: { 201: json(tokenSchema.extend({ token: z.string() }), 'Created'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const b = c.req.valid('json');
      const created = await rt.db.transaction().execute(async (trx) => {
        const t = await createApiToken(trx, {
          organisationId: auth.organisationId,
          role: b.role,
          name: b.name,
          team: b.team ?? null,
          expiresAt: b.expiresAt ? new Date(b.expiresAt) : null,
          createdBy: auth.actor,
        });
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'token.create',
          subjectType: 'api_token',
          subjectId: t.id,
          details: { role: b.role, name: b.name },
          sourceAddress: auth.sourceAddress,
        });
        return t;
      });
      const view = (await listApiTokens(rt.db, auth.organisationId)).find((t) => t.id === created.id)!;
      return c.json({ ...view, token: created.token }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      summary: 'Revoke a token: refused from the next request on',
      request: { params: idParam },
      responses: { 204: { description: 'Revoked' }, ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      const done = await rt.db.transaction().execute(async (trx) => {
        if (!(await revokeApiToken(trx, auth.organisationId, id))) return false;
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'token.revoke',
          subjectType: 'api_token',
          subjectId: id,
          sourceAddress: auth.sourceAddress,
        });
        return true;
      });
      if (!done) notFound(AUTH_MESSAGES.tokenNotFound);
      return c.body(null, 204);
    },
  );
  return app;
}
