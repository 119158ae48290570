/**
 * @module
 * `/v1/inbox`: received post. The paged list with filters, one message, its documents and raw
 * message byte for byte, assigning and closing, and the organisation's routing rules. The
 * handlers only translate HTTP; the work is in `inbox-queries.ts` and `routing-rules-store.ts`.
 * What a caller sees is `inbox-access.ts`; every read and change is audited (`inbox-audit.ts`);
 * the live stream is `inbox-stream-routes.ts`.
 * Mounted (with its role checks) by the platform: `app.route('/v1/inbox', inboxRoutes(rt))`.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';
import { INBOX_STATUSES } from '../db/inbox-schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { requestLang } from '../http/request-lang.ts';
import { validationHook } from '../http/validation-hook.ts';
import { inboxScopeOf } from './inbox-access.ts';
import { auditInbox, type InboxAuditAction } from './inbox-audit.ts';
import { assignInboxMessage, getInboxDocument, getInboxMessage, listInbox, markInboxMessageDone } from './inbox-queries.ts';
import { inboxStreamRoutes } from './inbox-stream-routes.ts';
import { inboxText } from './messages.ts';
import { routingRulesSchema } from './route-inbound.ts';
import { loadRoutingRules, saveRoutingRules } from './routing-rules-store.ts';
import { resolveAssignee } from './resolve-assignee.ts';

/** What the inbox routes need of the running platform. */
export interface InboxRuntime {
  readonly db: Kysely<Database>;
  readonly blobs: BlobStore;
  /** For the event stream: its LISTEN connection, its tickets, its warnings. */
  readonly databaseUrl: string;
  readonly streamTicketKey: string;
  readonly logger: Logger;
}

const t = inboxText();
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const docParam = idParam.extend({ documentId: z.uuid().openapi({ param: { name: 'documentId', in: 'path' } }) });

const documentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  bytes: z.number(),
  role: z.string(),
  readablePdf: z.boolean(),
});
const itemSchema = z
  .object({
    id: z.uuid(),
    receivedAt: z.string(),
    sender: z.object({
      idType: z.string(),
      id: z.string().openapi({ description: 'CPR masked DDMMYY-XXXX in the list, whole in the detail' }),
      name: z.string().nullable(),
    }),
    subject: z.string(),
    contactPoint: z.string().nullable(),
    assignedTo: z.object({ team: z.string().nullable(), user: z.string().nullable() }).nullable(),
    status: z.enum(INBOX_STATUSES as ['unassigned', 'assigned', 'done']),
    replyTo: z.object({ letterId: z.string(), shipmentId: z.string() }).nullable(),
    forwardOf: z
      .object({
        messageUuid: z.string().optional(),
        originalSender: z.string().optional(),
        contactPointId: z.string().optional(),
        comment: z.string().optional(),
      })
      .nullable(),
    documents: z.array(documentSchema),
  })
  .openapi('InboxItem');
const pageSchema = z.object({ items: z.array(itemSchema), page: z.number(), pageSize: z.number(), total: z.number() }).openapi('InboxPage');
const listQuery = z.object({
  status: z.enum(INBOX_STATUSES as ['unassigned', 'assigned', 'done']).optional(),
  team: z.string().min(1).max(200).optional(),
  party: z.string().min(1).max(20).optional().openapi({ description: "The sender's CPR/CVR" }),
  text: z.string().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const assignBody = z
  .object({ team: z.string().min(1).max(200).nullable().optional(), user: z.string().min(1).max(200).nullable().optional() })
  .strict()
  .refine((b) => !!b.team || !!b.user, { message: t.assignNoTarget, path: ['team'] });

const notFound = (lang: string | undefined, what: 'notFound' | 'documentNotFound'): never => {
  throw new ApiError(404, 'not_found', inboxText(requestLang(lang))[what]);
};

/**
 * The inbox API as a sub-app (no auth of its own: the platform mounts it behind its token and
 * role checks; `inboxScopeOf(c.get('auth'))` scopes every query).
 * @example app.route('/v1/inbox', inboxRoutes(runtime));
 */
export function inboxRoutes(rt: InboxRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const org = (c: Context<AppEnv>) => c.get('auth').organisationId;
  const scope = (c: Context<AppEnv>) => inboxScopeOf(c.get('auth'));
  const lang = (c: Context<AppEnv>) => c.req.header('accept-language');
  const audit = (c: Context<AppEnv>, action: InboxAuditAction, o?: Parameters<typeof auditInbox>[3]) =>
    auditInbox(rt.db, c.get('auth'), action, o);
  // Before `/{id}`: the first matching route is the operation the policy checks.
  app.route('/', inboxStreamRoutes(rt));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Received post, newest first, with filters and paging',
      request: { query: listQuery },
      responses: { 200: json(pageSchema, 'One page'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listInbox(rt.db, scope(c), q);
      // The list shows senders (CPR masked) and subjects: a read of personal data.
      await audit(c, 'inbox.list', {
        ...(q.party ? { party: { idType: q.party.replace(/\D/g, '').length === 8 ? 'CVR' : 'CPR', id: q.party } } : {}),
        details: {
          shown: page.items.length,
          total: page.total,
          page: page.page,
          ...(q.status ? { status: q.status } : {}),
          ...(q.team ? { team: q.team } : {}),
        },
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/routing-rules',
      summary: "The organisation's routing rules, in order (first match wins)",
      responses: { 200: json(routingRulesSchema, 'The rules'), ...errors },
    }),
    async (c) => c.json({ rules: await loadRoutingRules(rt.db, org(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/routing-rules',
      summary: "Replaces the routing rules (a rule's `user`: a user id or sign-in name, stored as the user id)",
      request: { body: { content: { 'application/json': { schema: routingRulesSchema } }, required: true } },
      responses: { 200: json(routingRulesSchema, 'The rules as stored'), ...errors },
    }),
    async (c) => {
      // A rule's user is stored as the user's id (given as id or sign-in name), as assignments are.
      const rules = await Promise.all(
        c.req.valid('json').rules.map(async (r, n) => {
          if (!r.assignTo.user) return r;
          const user = await resolveAssignee(rt.db, org(c), r.assignTo.user, requestLang(lang(c)), `rules.${n}.assignTo.user`);
          return { ...r, assignTo: { ...r.assignTo, user } };
        }),
      );
      await saveRoutingRules(rt.db, org(c), rules);
      await audit(c, 'inbox.routing_rules.update', { details: { rules: rules.length } });
      return c.json({ rules }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One received message',
      request: { params: idParam },
      responses: { 200: json(itemSchema, 'The message'), ...errors },
    }),
    async (c) => {
      const m = (await getInboxMessage(rt.db, scope(c), c.req.valid('param').id)) ?? notFound(lang(c), 'notFound');
      await audit(c, 'inbox.message.read', { messageId: m.id, party: m.sender });
      return c.json(m, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/documents',
      summary: 'The documents of a received message',
      request: { params: idParam },
      responses: { 200: json(z.object({ documents: z.array(documentSchema) }), 'Documents'), ...errors },
    }),
    async (c) => {
      const m = (await getInboxMessage(rt.db, scope(c), c.req.valid('param').id)) ?? notFound(lang(c), 'notFound');
      await audit(c, 'inbox.documents.list', { messageId: m.id, party: m.sender });
      return c.json({ documents: m.documents }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/documents/{documentId}',
      summary: 'One document exactly as received, whatever its type',
      request: { params: docParam },
      responses: {
        200: { description: 'The bytes with their media type', content: { 'application/octet-stream': { schema: z.any() } } },
        ...errors,
      },
    }),
    async (c) => {
      const { id, documentId } = c.req.valid('param');
      const d = (await getInboxDocument(rt.db, scope(c), id, documentId)) ?? notFound(lang(c), 'documentNotFound');
      await audit(c, 'inbox.document.read', { messageId: id, party: d.sender, documentSha256: d.sha256, details: { documentId } });
      const body = await rt.blobs.read(d.sha256);
      const name = encodeURIComponent(d.filename);
      // Served as an attachment: a received file is never rendered in our origin.
      return c.body(new Uint8Array(body), 200, {
        'content-type': d.mediaType,
        'content-disposition': `attachment; filename*=UTF-8''${name}`,
        'x-content-type-options': 'nosniff',
        'x-content-sha256': d.sha256,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/assign',
      summary: 'Assigns the message to a team and/or user (`user`: a user id or sign-in name, stored as the user id)',
      request: { params: idParam, body: { content: { 'application/json': { schema: assignBody } }, required: true } },
      responses: { 200: json(itemSchema, 'The message'), ...errors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const body = c.req.valid('json');
      const user = body.user ? await resolveAssignee(rt.db, org(c), body.user, requestLang(lang(c))) : null;
      const m = (await assignInboxMessage(rt.db, scope(c), id, { team: body.team ?? null, user })) ?? notFound(lang(c), 'notFound');
      await audit(c, 'inbox.message.assign', {
        messageId: id,
        details: { team: m.assignedTo?.team ?? null, user: m.assignedTo?.user ?? null },
      });
      return c.json(m, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/done',
      summary: 'Marks the message as dealt with',
      request: { params: idParam },
      responses: { 200: json(itemSchema, 'The message'), ...errors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const m = (await markInboxMessageDone(rt.db, scope(c), id)) ?? notFound(lang(c), 'notFound');
      await audit(c, 'inbox.message.done', { messageId: id });
      return c.json(m, 200);
    },
  );

  return app;
}
