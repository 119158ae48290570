/**
 * @module
 * `/v1/inbox`: received post. The paged list with filters, one message, its documents and raw
 * message byte for byte, assigning and closing, and the organisation's routing rules. The
 * handlers only translate HTTP; the work is in `inbox-queries.ts` and `routing-rules-store.ts`.
 * Mounted (with its role checks) by the platform: `app.route('/v1/inbox', inboxRoutes(rt))`.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';
import { INBOX_STATUSES } from '../db/inbox-schema.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { assignInboxMessage, getInboxDocument, getInboxMessage, listInbox, markInboxMessageDone } from './inbox-queries.ts';
import { inboxText } from './messages.ts';
import { routingRulesSchema } from './route-inbound.ts';
import { loadRoutingRules, saveRoutingRules } from './routing-rules-store.ts';

/** What the inbox routes need of the running platform. */
export interface InboxRuntime {
  readonly db: Kysely<Database>;
  readonly blobs: BlobStore;
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

const notFoundBody = (message: string) => ({ error: { code: 'not_found', message } });

/**
 * The inbox API as a sub-app (no auth of its own: the platform mounts it behind its token and
 * role checks, and `c.get('auth').organisationId` scopes every query).
 * @example app.route('/v1/inbox', inboxRoutes({ db, blobs }));
 */
export function inboxRoutes(rt: InboxRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const org = (c: Context<AppEnv>) => c.get('auth').organisationId;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Received post, newest first, with filters and paging',
      request: { query: listQuery },
      responses: { 200: json(pageSchema, 'One page'), ...errors },
    }),
    async (c) => c.json(await listInbox(rt.db, org(c), c.req.valid('query')), 200),
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
      summary: 'Replaces the routing rules',
      request: { body: { content: { 'application/json': { schema: routingRulesSchema } }, required: true } },
      responses: { 200: json(routingRulesSchema, 'The rules as stored'), ...errors },
    }),
    async (c) => {
      const { rules } = c.req.valid('json');
      await saveRoutingRules(rt.db, org(c), rules);
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
      const m = await getInboxMessage(rt.db, org(c), c.req.valid('param').id);
      return m ? c.json(m, 200) : c.json(notFoundBody(t.notFound), 404);
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
      const m = await getInboxMessage(rt.db, org(c), c.req.valid('param').id);
      return m ? c.json({ documents: m.documents }, 200) : c.json(notFoundBody(t.notFound), 404);
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
      const d = await getInboxDocument(rt.db, org(c), id, documentId);
      if (!d) return c.json(notFoundBody(t.documentNotFound), 404);
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
      summary: 'Assigns the message to a team and/or user',
      request: { params: idParam, body: { content: { 'application/json': { schema: assignBody } }, required: true } },
      responses: { 200: json(itemSchema, 'The message'), ...errors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      if (!(await assignInboxMessage(rt.db, org(c), id, c.req.valid('json')))) return c.json(notFoundBody(t.notFound), 404);
      return c.json((await getInboxMessage(rt.db, org(c), id))!, 200);
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
      if (!(await markInboxMessageDone(rt.db, org(c), id))) return c.json(notFoundBody(t.notFound), 404);
      return c.json((await getInboxMessage(rt.db, org(c), id))!, 200);
    },
  );

  return app;
}
