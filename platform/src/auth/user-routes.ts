/**
 * @module
 * `/v1/users`: the organisation's staff, their roles and teams. People are provisioned at their
 * first sign-in; an admin may create them beforehand, change roles and teams, or disable them
 * (which ends their sessions at once).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { teamSchema as team, userListQuerySchema, userPageSchema, userSchema } from '@brevdue/shared/api';
import type { Runtime } from '../app/runtime-types.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { ROLES } from './api-tokens.ts';
import { AUTH_MESSAGES } from './auth-messages.ts';
import { createUser, listUsers, updateUser } from './users.ts';

const role = z.enum(ROLES);
const idParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** The user routes, to mount at `/v1/users`. */
export function userRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Staff of the organisation by name, a page at a time; `q` searches name and sign-in name (UPN)',
      request: { query: userListQuerySchema },
      responses: { 200: json(userPageSchema, 'One page of users'), ...errors },
    }),
    async (c) => {
      const { q, page, pageSize } = c.req.valid('query');
      const found = await listUsers(rt.db, c.get('auth').organisationId, { ...(q ? { q } : {}), page, pageSize });
      return c.json({ ...found, page, pageSize }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Create a user ahead of their first sign-in',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                upn: z.string().min(3).max(320),
                name: z.string().min(1).max(200),
                roles: z.array(role).min(1),
                teams: z.array(team).default([]),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(userSchema, 'Created'), 409: json(z.any(), 'The UPN is taken'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const b = c.req.valid('json');
      const user = await rt.db.transaction().execute(async (trx) => {
        const u = await createUser(trx, auth.organisationId, b);
        if (!u) throw new ApiError(409, 'conflict', AUTH_MESSAGES.upnTaken(b.upn), { field: 'upn' });
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'user.create',
          subjectType: 'user',
          subjectId: u.id,
          details: { roles: b.roles, teams: b.teams },
          sourceAddress: auth.sourceAddress,
        });
        return u;
      });
      return c.json(user, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: "Change a user's name, roles, teams, or disable them (their sessions end at once)",
      request: {
        params: idParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().min(1).max(200).optional(),
                roles: z.array(role).optional(),
                teams: z.array(team).optional(),
                disabled: z.boolean().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(userSchema, 'Changed'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const change = b;
      const user = await rt.db.transaction().execute(async (trx) => {
        const u = await updateUser(trx, auth.organisationId, id, change);
        if (u)
          await writeAudit(trx, {
            organisationId: auth.organisationId,
            actor: auth.actor,
            action: 'user.update',
            subjectType: 'user',
            subjectId: id,
            details: change,
            sourceAddress: auth.sourceAddress,
          });
        return u;
      });
      if (!user) notFound(AUTH_MESSAGES.userNotFound);
      return c.json(user, 200);
    },
  );
  return app;
}
