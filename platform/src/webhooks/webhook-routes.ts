/**
 * @module
 * `/v1/webhooks`: register URLs that receive every letter status change, signed with
 * HMAC-SHA256 (see `sign-webhook.ts`). The secret is shown once, at registration.
 */
import { randomBytes } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { writeAudit } from '../audit/write-audit.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { requestLang } from '../http/request-lang.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { egressPolicy } from './egress-rules.ts';
import { checkWebhookTarget, resolveAll, type ResolveAll } from './guarded-lookup.ts';
import { refusedMessage } from './messages.ts';

const webhookSchema = z.object({ id: z.string(), url: z.string(), active: z.boolean(), createdAt: z.string() }).openapi('Webhook');
// The egress rules (scheme, addresses) are checked in the handler: they need the config and DNS.
const urlSchema = z
  .string()
  .url('url must be an absolute URL')
  .openapi({
    description:
      'https to a public address. Loopback, link-local (and the cloud metadata service), private, CGNAT and unspecified addresses are refused with 400 ' +
      "(`details.rule`), whether written literally or reached through a name — unless the config's `webhooks.allowList` names them; `webhooks.allowHttp` allows http. " +
      'Checked again at every delivery; redirects are not followed.',
  });

/**
 * The webhook routes, to mount at `/v1/webhooks`.
 * @param resolve how host names are resolved (tests pass a fixed table)
 * @example app.route('/v1/webhooks', webhookRoutes(rt));
 */
export function webhookRoutes(rt: Pick<Runtime, 'db' | 'config'>, resolve: ResolveAll = resolveAll): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const policy = egressPolicy(rt.config.webhooks);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Register a webhook; the answer carries its signing secret (shown once)',
      request: { body: { content: { 'application/json': { schema: z.object({ url: urlSchema }) } }, required: true } },
      responses: { 201: json(webhookSchema.extend({ secret: z.string() }), 'Registered'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const url = c.req.valid('json').url;
      const refusal = await checkWebhookTarget(policy, new URL(url), resolve);
      if (refusal)
        throw new ApiError(400, 'invalid_request', refusedMessage(requestLang(c.req.header('accept-language')), refusal), {
          field: 'url',
          details: { rule: refusal.rule },
        });
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const row = await rt.db
        .insertInto('webhooks')
        .values({ organisation_id: auth.organisationId, url, secret })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(rt.db, {
        organisationId: auth.organisationId,
        actor: auth.actor,
        action: 'webhook.create',
        subjectType: 'webhook',
        subjectId: row.id,
      });
      return c.json({ id: row.id, url: row.url, active: row.active, createdAt: row.created_at.toISOString(), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      responses: { 200: json(z.object({ webhooks: z.array(webhookSchema) }), 'Webhooks'), ...errors },
    }),
    async (c) => {
      const rows = await rt.db
        .selectFrom('webhooks')
        .selectAll()
        .where('organisation_id', '=', c.get('auth').organisationId)
        .orderBy('created_at')
        .execute();
      return c.json(
        { webhooks: rows.map((r) => ({ id: r.id, url: r.url, active: r.active, createdAt: r.created_at.toISOString() })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      request: {
        params: z.object({
          id: z
            .string()
            .uuid()
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
      },
      responses: { 204: { description: 'Removed' }, ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const id = c.req.valid('param').id;
      const deleted = await rt.db.transaction().execute(async (trx) => {
        const r = await trx
          .deleteFrom('webhooks')
          .where('id', '=', id)
          .where('organisation_id', '=', auth.organisationId)
          .executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) return false;
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'webhook.delete',
          subjectType: 'webhook',
          subjectId: id,
        });
        return true;
      });
      if (!deleted) notFound('Webhook');
      return c.body(null, 204);
    },
  );
  return app;
}
