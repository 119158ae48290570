/**
 * @module
 * `/v1/shipments`: preview, create (idempotent), read, list, live status (server-sent events).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { sql } from 'kysely';
import { shipmentRequestSchema } from '@brevdue/shared';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { previewSchema, shipmentListSchema, shipmentSchema } from '@brevdue/shared/api';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { createShipment } from './create-shipment.ts';
import { previewShipment } from './preview-shipment.ts';
import { requestLang } from '../http/request-lang.ts';
import { loadShipmentView } from './shipment-view.ts';
import { ownedBy, seesShipment } from '../auth/ownership.ts';
import { issueStreamTicket } from '../auth/stream-tickets.ts';
import type { LetterChange } from '../letters/letter-event-bus.ts';

/** `GET /v1/shipments?before=`: `<created_at in microseconds>.<shipment id>`. */
const CURSOR = /^\d{1,20}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const idParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export function shipmentRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/preview',
      summary: 'What would happen to each recipient (registration, channel, provider); stores nothing',
      request: { body: { content: { 'application/json': { schema: shipmentRequestSchema } }, required: true } },
      responses: { 200: json(previewSchema, 'Per-recipient preview'), ...errors },
    }),
    async (c) => c.json(await previewShipment(rt, c.get('auth'), c.req.valid('json'), requestLang(c.req.header('accept-language'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Create a shipment: one letter per recipient, sent by the workers',
      request: {
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(1)
            .max(200)
            .optional()
            .openapi({ description: 'Same key returns the same shipment; same key with another body is 422' }),
        }),
        body: { content: { 'application/json': { schema: shipmentRequestSchema } }, required: true },
      },
      responses: {
        201: json(shipmentSchema, 'Created'),
        200: json(shipmentSchema, 'Replayed (same Idempotency-Key)'),
        422: json(z.any(), 'Idempotency-Key reused with a different body'),
        ...errors,
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id, created, view: fresh } = await createShipment(rt, auth, c.req.valid('json'), c.req.header('idempotency-key'));
      const view = fresh ?? (await loadShipmentView(rt.db, auth, id));
      if (!view) throw new ApiError(409, 'conflict', 'Prøv igen / try again');
      return c.json(view, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'List shipments (newest first), a page at a time; `status=held` lists batch runs awaiting review',
      request: {
        query: z.object({
          status: z.enum(['held', 'released', 'cancelled']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z
            .string()
            .regex(CURSOR, 'before must be the nextBefore of the page before')
            .optional()
            .openapi({ description: 'The `nextBefore` of the page before; absent for the first page' }),
        }),
      },
      responses: { 200: json(shipmentListSchema, 'Shipments'), ...errors },
    }),
    async (c) => {
      const { status, limit, before } = c.req.valid('query');
      // The cursor is (created_at in microseconds, id): exact, where a JavaScript date would drop the microseconds.
      const micros = sql<string>`(extract(epoch from shipments.created_at) * 1000000)::bigint::text`;
      let q = rt.db
        .selectFrom('shipments')
        .leftJoin('letters', 'letters.shipment_id', 'shipments.id')
        .select((eb) => [
          'shipments.id',
          'shipments.subject',
          'shipments.status',
          'shipments.review',
          'shipments.created_at',
          'shipments.channel_policy',
          micros.as('cursor_micros'),
          eb.fn.count<number>('letters.id').as('letters'),
        ])
        .where(ownedBy(c.get('auth'), 'shipments'))
        .groupBy('shipments.id')
        .orderBy('shipments.created_at', 'desc')
        .orderBy('shipments.id', 'desc')
        .limit(limit + 1);
      if (status) q = q.where('shipments.status', '=', status);
      if (before) {
        const [at, id] = before.split('.') as [string, string];
        q = q.where(sql<boolean>`(${micros}::bigint, shipments.id) < (${at}::bigint, ${id}::uuid)`);
      }
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      const counts = new Map<string, Record<string, number>>();
      if (page.length > 0) {
        const byStatus = await rt.db
          .selectFrom('letters')
          .select((eb) => ['shipment_id', 'status', eb.fn.countAll<number>().as('n')])
          .where(
            'shipment_id',
            'in',
            page.map((r) => r.id),
          )
          .groupBy(['shipment_id', 'status'])
          .execute();
        for (const r of byStatus) counts.set(r.shipment_id, { ...counts.get(r.shipment_id), [r.status]: Number(r.n) });
      }
      const last = page.at(-1);
      return c.json(
        {
          shipments: page.map((r) => ({
            id: r.id,
            subject: r.subject,
            status: r.status,
            review: r.review,
            channelPolicy: r.channel_policy,
            letters: Number(r.letters),
            counts: counts.get(r.id) ?? {},
            createdAt: r.created_at.toISOString(),
          })),
          nextBefore: rows.length > limit && last ? `${last.cursor_micros}.${last.id}` : null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'A shipment with its letters',
      request: { params: idParam },
      responses: { 200: json(shipmentSchema, 'The shipment'), ...errors },
    }),
    async (c) => {
      const view = await loadShipmentView(rt.db, c.get('auth'), c.req.valid('param').id);
      if (!view) notFound('Forsendelsen / the shipment');
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/events/ticket',
      summary: "A ticket (valid 60 s) that opens this shipment's event stream: EventSource cannot send an Authorization header",
      request: { params: idParam },
      responses: {
        200: json(z.object({ ticket: z.string(), expiresAt: z.string() }), 'The ticket, for `GET …/events?ticket=`'),
        ...errors,
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      const id = c.req.valid('param').id;
      if (!(await seesShipment(rt.db, auth, id))) notFound('Forsendelsen / the shipment');
      return c.json(issueStreamTicket(rt.streamTicketKey, auth, `/v1/shipments/${id}/events`), 200);
    },
  );

  // Server-sent events: `event: letter` for every status change of the shipment's letters.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/events',
      summary: 'Live status changes (text/event-stream). EventSource passes `?ticket=` from POST …/events/ticket',
      request: { params: idParam },
      responses: {
        200: { description: 'text/event-stream of `letter` events', content: { 'text/event-stream': { schema: z.string() } } },
        ...errors,
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      const id = c.req.valid('param').id;
      const view = await loadShipmentView(rt.db, auth, id);
      if (!view) throw new ApiError(404, 'not_found', 'Forsendelsen findes ikke / shipment not found');
      return streamSSE(c, async (stream) => {
        const queue: LetterChange[] = [];
        let wake: (() => void) | undefined;
        const unsubscribe = rt.letterEvents.subscribe(id, (ch) => {
          if (ch.organisationId !== auth.organisationId) return;
          queue.push(ch);
          wake?.();
        });
        stream.onAbort(() => {
          unsubscribe();
          wake?.();
        });
        // Current state first, so a client that connects late misses nothing.
        for (const l of view.letters) {
          await stream.writeSSE({
            event: 'letter',
            data: JSON.stringify({ letterId: l.id, status: l.status, reason: l.reason, channel: l.channel, at: l.updatedAt }),
          });
        }
        while (!stream.aborted) {
          while (queue.length) {
            const ch = queue.shift()!;
            await stream.writeSSE({
              event: 'letter',
              id: `${ch.letterId}:${ch.status}`,
              data: JSON.stringify({ letterId: ch.letterId, status: ch.status, reason: ch.reason, channel: ch.channel, at: ch.at }),
            });
          }
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, 15_000); // heartbeat
          });
          wake = undefined;
          if (!queue.length && !stream.aborted) await stream.write(': keep-alive\n\n');
        }
        unsubscribe();
      });
    },
  );

  return app;
}
