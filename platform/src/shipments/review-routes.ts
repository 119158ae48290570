/**
 * @module
 * Batch runs: a shipment created with `"review": true` holds its letters. An admin removes
 * letters that must not go and releases the run. Failed letters are resent after the
 * recipient is corrected, as a new letter linked to the failed one.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { type Recipient, recipientSchema, type ShipmentRequest } from '@brevdue/shared';
import { writeAudit } from '../audit/write-audit.ts';
import { lettersOwnedBy, ownedBy } from '../auth/ownership.ts';
import { QUEUES, sendPriority } from '../jobs/queues.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { SHIPMENT_MESSAGES } from './shipment-messages.ts';
import { letterSchema, shipmentSchema } from '@brevdue/shared/api';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { applyTransitions } from '../letters/apply-transitions.ts';
import { resendLetter } from '../letters/create-letters.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { firstChannel } from './channel-plan.ts';
import { letterView } from '../letters/letter-view.ts';
import { loadShipmentView } from './shipment-view.ts';

const uuid = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: 'path' } });

export function reviewRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/shipments/{id}/release',
      summary: 'Release a held batch run: its letters are sent',
      request: { params: z.object({ id: uuid('id') }) },
      responses: { 200: json(shipmentSchema, 'Released'), 409: json(z.any(), 'Not held'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      await rt.db.transaction().execute(async (trx) => {
        const s = await trx
          .selectFrom('shipments')
          .select(['status', 'request'])
          .where('id', '=', id)
          .where(ownedBy(auth, 'shipments'))
          .forUpdate()
          .executeTakeFirst();
        if (!s) notFound('Forsendelsen / the shipment');
        if (s.status !== 'held') throw new ApiError(409, 'not_held', SHIPMENT_MESSAGES.shipmentNotHeld);
        const req = s.request as ShipmentRequest;
        const sendAt = req.options.sendAt ? new Date(req.options.sendAt) : undefined;
        const deferred = sendAt !== undefined && sendAt.getTime() > Date.now();
        await trx
          .updateTable('shipments')
          .set({ status: 'released', released_at: new Date(), released_by: auth.actor })
          .where('id', '=', id)
          .execute();
        // Letters the leak guard holds stay held: releasing the run does not send another person's CPR number.
        const held = await trx
          .selectFrom('letters')
          .select('id')
          .where('shipment_id', '=', id)
          .where('status', '=', 'held')
          .where('hold', 'is', null)
          .execute();
        const sends = held.map((l) => ({
          name: QUEUES.send,
          data: { letterId: l.id },
          priority: sendPriority(held.length),
          ...(deferred ? { startAfter: sendAt!.toISOString() } : {}),
        }));
        await applyTransitions(
          trx,
          rt.queue,
          held.map((l) => ({ letterId: l.id, status: deferred ? 'scheduled' : 'queued', event: 'released' })),
          sends,
        );
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'shipment.release',
          subjectType: 'shipment',
          subjectId: id,
          details: { letters: held.length },
        });
      });
      return c.json((await loadShipmentView(rt.db, auth, id))!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/shipments/{id}/letters/{letterId}',
      summary: 'Remove a letter from a held batch run (it and its held copies are cancelled, never sent)',
      request: { params: z.object({ id: uuid('id'), letterId: uuid('letterId') }) },
      responses: { 200: json(letterSchema, 'Cancelled'), 409: json(z.any(), 'Not held'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id, letterId } = c.req.valid('param');
      await rt.db.transaction().execute(async (trx) => {
        const l = await trx
          .selectFrom('letters')
          .select('status')
          .where('id', '=', letterId)
          .where('shipment_id', '=', id)
          .where(lettersOwnedBy(auth))
          .forUpdate()
          .executeTakeFirst();
        if (!l) notFound('Brevet / the letter');
        if (l.status !== 'held') throw new ApiError(409, 'not_held', SHIPMENT_MESSAGES.letterNotHeld);
        // Its copies (to custody holders, or named) must not go without it.
        const copies = await trx
          .selectFrom('letters')
          .select('id')
          .where('copy_of', '=', letterId)
          .where('status', '=', 'held')
          .forUpdate()
          .execute();
        await applyTransitions(trx, rt.queue, [
          { letterId, status: 'cancelled', event: 'removed', reason: SHIPMENT_MESSAGES.removedInReview },
          ...copies.map((k) => ({
            letterId: k.id,
            status: 'cancelled' as const,
            event: 'removed',
            reason: SHIPMENT_MESSAGES.copyRemovedInReview,
          })),
        ]);
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'letter.remove',
          subjectType: 'letter',
          subjectId: letterId,
        });
      });
      const l = await rt.db.selectFrom('letters').selectAll().where('id', '=', letterId).executeTakeFirstOrThrow();
      return c.json(letterView(l), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/letters/{id}/resend',
      summary:
        'Resend a failed letter, optionally to a corrected recipient (e.g. a postal address); creates a new letter linked to the failed one',
      request: {
        params: z.object({ id: uuid('id') }),
        body: { content: { 'application/json': { schema: z.object({ recipient: recipientSchema.optional() }) } }, required: false },
      },
      responses: { 201: json(letterSchema, 'The new letter'), 409: json(z.any(), 'Not failed'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      const body = (await c.req.json().catch(() => ({}))) as unknown;
      const parsed = z.object({ recipient: recipientSchema.optional() }).safeParse(body ?? {});
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw new ApiError(400, 'invalid_request', `${i.path.join('.')}: ${i.message}`, { field: i.path.join('.') });
      }
      const letter = await rt.db.transaction().execute(async (trx) => {
        const old = await trx
          .selectFrom('letters')
          .selectAll()
          .where('id', '=', id)
          .where(lettersOwnedBy(auth))
          .forUpdate()
          .executeTakeFirst();
        if (!old) notFound('Brevet / the letter');
        if (old.status !== 'failed') throw new ApiError(409, 'not_failed', SHIPMENT_MESSAGES.notFailed);
        const prior = await trx.selectFrom('letters').select('id').where('resend_of', '=', id).executeTakeFirst();
        if (prior)
          throw new ApiError(409, 'already_resent', `Brevet er allerede sendt igen som ${prior.id} / already resent as ${prior.id}`);
        const s = await trx.selectFrom('shipments').select('request').where('id', '=', old.shipment_id).executeTakeFirstOrThrow();
        const req = s.request as ShipmentRequest;
        const recipient = parsed.data.recipient ?? (old.recipient as Recipient);
        const channel = firstChannel(req.channelPolicy);
        const provider = rt.plugins.route(recipient.idType, channel);
        if (!provider)
          throw new ApiError(400, 'invalid_request', SHIPMENT_MESSAGES.noProvider(recipient.idType, channel), {
            field: 'recipient.idType',
          });
        const created = await resendLetter(trx, rt.queue, {
          organisationId: auth.organisationId,
          failed: old,
          recipient,
          channel,
          provider: provider.name,
          ownDocuments: old.own_documents,
          ...(old.copy_of && old.copy_kind ? { copy: { of: old.copy_of, kind: old.copy_kind } } : {}),
        });
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: 'letter.resend',
          subjectType: 'letter',
          subjectId: id,
          details: { newLetterId: created.id, recipientChanged: parsed.data.recipient !== undefined },
        });
        return created;
      });
      return c.json(letterView(letter), 201);
    },
  );
  return app;
}
