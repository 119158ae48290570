/**
 * @module
 * Batch runs: a shipment created with `"review": true` holds its letters. An admin removes
 * letters that must not go and releases the run. Failed letters are resent after the
 * recipient is corrected, as a new letter linked to the failed one.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { recipientSchema, type ShipmentRequest } from '@brevdue/shared';
import { requireRole } from '../auth/bearer-auth.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { enqueueJobs } from '../dispatch/enqueue-jobs.ts';
import { QUEUES } from '../dispatch/queues.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { MESSAGES } from '../http/messages.ts';
import { errors, json, letterSchema, shipmentSchema } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { applyTransitions } from '../letters/apply-transitions.ts';
import type { Runtime } from '../runtime-types.ts';
import { firstChannel } from './channel-plan.ts';
import { letterView, loadShipmentView } from './shipment-view.ts';

const uuid = (name: string) => z.string().uuid().openapi({ param: { name, in: 'path' } });

export function reviewRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/shipments/:id/release', requireRole('admin'));
  app.use('/shipments/:id/letters/:letterId', requireRole('admin'));

  app.openapi(
    createRoute({ method: 'post', path: '/shipments/{id}/release', summary: 'Release a held batch run: its letters are sent', request: { params: z.object({ id: uuid('id') }) }, responses: { 200: json(shipmentSchema, 'Released'), 409: json(z.any(), 'Not held'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      await rt.db.transaction().execute(async (trx) => {
        const s = await trx.selectFrom('shipments').select(['status', 'request']).where('id', '=', id).where('organisation_id', '=', auth.organisationId).forUpdate().executeTakeFirst();
        if (!s) notFound('Forsendelsen / the shipment');
        if (s.status !== 'held') throw new ApiError(409, 'not_held', MESSAGES.shipmentNotHeld);
        const req = s.request as ShipmentRequest;
        const sendAt = req.options.sendAt ? new Date(req.options.sendAt) : undefined;
        const deferred = sendAt !== undefined && sendAt.getTime() > Date.now();
        await trx.updateTable('shipments').set({ status: 'released', released_at: new Date(), released_by: auth.tokenId }).where('id', '=', id).execute();
        const held = await trx.selectFrom('letters').select('id').where('shipment_id', '=', id).where('status', '=', 'held').execute();
        await applyTransitions(trx, rt.queue, held.map((l) => ({ letterId: l.id, status: deferred ? 'scheduled' : 'queued', event: 'released' })));
        if (held.length) {
          await enqueueJobs(trx, rt.queue, held.map((l) => ({ name: QUEUES.send, data: { letterId: l.id }, ...(deferred ? { startAfter: sendAt!.toISOString() } : {}) })));
        }
        await writeAudit(trx, { organisationId: auth.organisationId, actor: `token:${auth.tokenId}`, action: 'shipment.release', subjectType: 'shipment', subjectId: id, details: { letters: held.length } });
      });
      return c.json((await loadShipmentView(rt.db, auth.organisationId, id)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/shipments/{id}/letters/{letterId}',
      summary: 'Remove a letter from a held batch run (it is cancelled, never sent)',
      request: { params: z.object({ id: uuid('id'), letterId: uuid('letterId') }) },
      responses: { 200: json(letterSchema, 'Cancelled'), 409: json(z.any(), 'Not held'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      const { id, letterId } = c.req.valid('param');
      await rt.db.transaction().execute(async (trx) => {
        const l = await trx.selectFrom('letters').select('status').where('id', '=', letterId).where('shipment_id', '=', id).where('organisation_id', '=', auth.organisationId).forUpdate().executeTakeFirst();
        if (!l) notFound('Brevet / the letter');
        if (l.status !== 'held') throw new ApiError(409, 'not_held', MESSAGES.letterNotHeld);
        await applyTransitions(trx, rt.queue, [{ letterId, status: 'cancelled', event: 'removed', reason: MESSAGES.removedInReview }]);
        await writeAudit(trx, { organisationId: auth.organisationId, actor: `token:${auth.tokenId}`, action: 'letter.remove', subjectType: 'letter', subjectId: letterId });
      });
      const l = await rt.db.selectFrom('letters').selectAll().where('id', '=', letterId).executeTakeFirstOrThrow();
      return c.json(letterView(l) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/letters/{id}/resend',
      summary: 'Resend a failed letter, optionally to a corrected recipient (e.g. a postal address); creates a new letter linked to the failed one',
      request: { params: z.object({ id: uuid('id') }), body: { content: { 'application/json': { schema: z.object({ recipient: recipientSchema.optional() }) } }, required: false } },
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
      const newId = randomUUID();
      await rt.db.transaction().execute(async (trx) => {
        const old = await trx.selectFrom('letters').selectAll().where('id', '=', id).where('organisation_id', '=', auth.organisationId).forUpdate().executeTakeFirst();
        if (!old) notFound('Brevet / the letter');
        if (old.status !== 'failed') throw new ApiError(409, 'not_failed', MESSAGES.notFailed);
        const prior = await trx.selectFrom('letters').select('id').where('resend_of', '=', id).executeTakeFirst();
        if (prior) throw new ApiError(409, 'already_resent', `Brevet er allerede sendt igen som ${prior.id} / already resent as ${prior.id}`);
        const s = await trx.selectFrom('shipments').select('request').where('id', '=', old.shipment_id).executeTakeFirstOrThrow();
        const req = s.request as ShipmentRequest;
        const recipient = parsed.data.recipient ?? (old.recipient as never);
        const channel = firstChannel(req.channelPolicy);
        const provider = rt.plugins.route(recipient.idType, channel);
        if (!provider) throw new ApiError(400, 'invalid_request', MESSAGES.noProvider(recipient.idType, channel), { field: 'recipient.idType' });
        await trx
          .insertInto('letters')
          .values({ id: newId, organisation_id: auth.organisationId, shipment_id: old.shipment_id, recipient_type: recipient.idType, recipient_id: recipient.id, recipient: JSON.stringify(recipient), channel, provider: provider.name, status: 'queued', message_id: randomUUID(), resend_of: id })
          .execute();
        await trx.insertInto('letter_events').values([
          { letter_id: newId, organisation_id: auth.organisationId, type: 'created', status: 'queued', data: JSON.stringify({ resendOf: id }) },
          { letter_id: id, organisation_id: auth.organisationId, type: 'resent', data: JSON.stringify({ newLetterId: newId }) },
        ]).execute();
        await enqueueJobs(trx, rt.queue, [{ name: QUEUES.send, data: { letterId: newId } }]);
        await writeAudit(trx, { organisationId: auth.organisationId, actor: `token:${auth.tokenId}`, action: 'letter.resend', subjectType: 'letter', subjectId: id, details: { newLetterId: newId, recipientChanged: parsed.data.recipient !== undefined } });
      });
      const l = await rt.db.selectFrom('letters').selectAll().where('id', '=', newId).executeTakeFirstOrThrow();
      return c.json(letterView(l) as never, 201);
    },
  );
  return app;
}
