/**
 * @module
 * Creates a shipment: the shipment, one letter per recipient and one job per letter, in ONE
 * transaction. With an Idempotency-Key the same key returns the same shipment and sends
 * nothing twice; the same key with another body is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ShipmentRequest } from '@brevdue/shared';
import { bossDb } from '../db/pg-boss-adapter.ts';
import { QUEUES } from '../dispatch/queues.ts';
import { ApiError } from '../http/api-error.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { MESSAGES } from '../http/messages.ts';
import type { Runtime } from '../runtime-types.ts';
import { firstChannel } from './channel-plan.ts';
import { validateShipment } from './validate-shipment.ts';

export function requestHash(req: ShipmentRequest): string {
  return createHash('sha256').update(JSON.stringify(req)).digest('hex');
}

export interface CreatedShipment {
  id: string;
  created: boolean;
}

export async function createShipment(rt: Runtime, auth: AuthInfo, req: ShipmentRequest, idempotencyKey?: string): Promise<CreatedShipment> {
  const hash = requestHash(req);
  const replay = async (): Promise<CreatedShipment | undefined> => {
    if (!idempotencyKey) return undefined;
    const prior = await rt.db
      .selectFrom('shipments')
      .select(['id', 'request_hash'])
      .where('organisation_id', '=', auth.organisationId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!prior) return undefined;
    if (prior.request_hash !== hash) throw new ApiError(422, 'idempotency_key_reused', MESSAGES.idempotencyMismatch, { field: 'Idempotency-Key' });
    return { id: prior.id, created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  await validateShipment(rt.db, rt.plugins, auth.organisationId, req);
  const channel = firstChannel(req.channelPolicy);
  const sendAt = req.options.sendAt ? new Date(req.options.sendAt) : undefined;
  const deferred = sendAt !== undefined && sendAt.getTime() > Date.now();
  const status = req.review ? 'held' : deferred ? 'scheduled' : 'queued';

  const id = randomUUID();
  const inserted = await rt.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('shipments')
      .values({
        id,
        organisation_id: auth.organisationId,
        created_by: auth.tokenId,
        subject: req.subject,
        channel_policy: req.channelPolicy,
        request: JSON.stringify(req),
        status: req.review ? 'held' : 'released',
        review: req.review,
        idempotency_key: idempotencyKey ?? null,
        request_hash: hash,
        released_at: req.review ? null : new Date(),
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false; // a concurrent request with the same key won
    const letters = req.recipients.map((r) => ({
      id: randomUUID(),
      organisation_id: auth.organisationId,
      shipment_id: id,
      recipient_type: r.idType,
      recipient_id: r.id,
      recipient: JSON.stringify(r),
      channel,
      provider: rt.plugins.route(r.idType, channel)!.name,
      status,
      message_id: randomUUID(),
      send_at: sendAt ?? null,
    }));
    for (let i = 0; i < letters.length; i += 1000) await trx.insertInto('letters').values(letters.slice(i, i + 1000)).execute();
    const events = letters.map((l) => ({ letter_id: l.id, organisation_id: auth.organisationId, type: 'created', status }));
    for (let i = 0; i < events.length; i += 1000) await trx.insertInto('letter_events').values(events.slice(i, i + 1000)).execute();
    if (!req.review) {
      await rt.queue.insert(
        letters.map((l) => ({ name: QUEUES.send, data: { letterId: l.id }, ...(deferred ? { startAfter: sendAt!.toISOString() } : {}) })),
        { db: bossDb(trx) } as never,
      );
    }
    return true;
  });
  if (!inserted) {
    const again = await replay();
    if (again) return again;
    throw new ApiError(409, 'conflict', 'Prøv igen / try again');
  }
  rt.logger.info({ shipmentId: id, letters: req.recipients.length, status }, 'shipment created');
  return { id, created: true };
}
