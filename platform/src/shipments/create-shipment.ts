/**
 * @module
 * Creates a shipment: the shipment, one letter per recipient and one per copy (each with its
 * `created` event) and one job per letter, in ONE transaction. With an Idempotency-Key the same
 * key returns the same shipment and sends nothing twice; the same key with another body is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ShipmentRequest } from '@brevdue/shared';
import type { ShipmentView } from '@brevdue/shared/api';
import { sql } from 'kysely';
import type { Letter } from '../db/schema.ts';
import { enqueueJobs } from '../jobs/enqueue-jobs.ts';
import { JOBS_CHANNEL } from '../jobs/job-wakeup.ts';
import { QUEUES, sendPriority } from '../jobs/queues.ts';
import { ApiError } from '../http/api-error.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { SHIPMENT_MESSAGES } from './shipment-messages.ts';
import { ownerColumns } from '../auth/ownership.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { firstChannel } from './channel-plan.ts';
import { validateCopies, validateShipment } from './validate-shipment.ts';
import { guardShipment } from './guard-shipment.ts';
import { planCopies } from './plan-copies.ts';
import type { LeakVerdict } from '../leak-guard/leak-guard.ts';
import { ownDocumentsOf } from '../letters/letter-documents.ts';
import { type LetterBatch, letterInsertCtes, type NewLetter } from '../letters/create-letters.ts';
import { letterView } from '../letters/letter-view.ts';
import { shipmentStatus } from './shipment-view.ts';

export function requestHash(req: ShipmentRequest): string {
  return createHash('sha256').update(JSON.stringify(req)).digest('hex');
}

/** A letter's hold and `created` event data when the leak guard holds it; `created` data of a copy otherwise. */
function heldBy(verdict: LeakVerdict | undefined, copy?: { copyOf: string; copyKind: string }): Pick<NewLetter, 'hold' | 'eventData'> {
  if (!verdict?.held) return copy ? { eventData: copy } : {};
  return {
    hold: { kind: 'leak_guard', reason: verdict.reason },
    eventData: { ...copy, hold: 'leak_guard', documentId: verdict.documentId, pages: verdict.pages },
  };
}

export interface CreatedShipment {
  id: string;
  created: boolean;
  /**
   * The new shipment as `GET /v1/shipments/{id}` shows it, built from the rows just written
   * (absent for a replay), so the answer to a create needs no further queries.
   */
  view?: ShipmentView;
}

/** The view `loadShipmentView` would give right after the insert, from the inserted rows. */
function createdView(id: string, req: ShipmentRequest, letters: Letter[]): ShipmentView {
  const sorted = [...letters].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // created_at is the same for all
  const counts: Record<string, number> = {};
  for (const l of sorted) counts[l.status] = (counts[l.status] ?? 0) + 1;
  const createdAt = sorted[0]!.created_at;
  const status = req.review ? 'held' : 'released';
  return {
    id,
    status: shipmentStatus({ status }, sorted),
    subject: req.subject,
    channelPolicy: req.channelPolicy,
    review: req.review,
    createdAt: createdAt.toISOString(),
    releasedAt: req.review ? null : createdAt.toISOString(),
    counts,
    letters: sorted.map(letterView),
  };
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
    if (prior.request_hash !== hash)
      throw new ApiError(422, 'idempotency_key_reused', SHIPMENT_MESSAGES.idempotencyMismatch, { field: 'Idempotency-Key' });
    return { id: prior.id, created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const channel = firstChannel(req.channelPolicy);
  const sendAt = req.options.sendAt ? new Date(req.options.sendAt) : undefined;
  const deferred = sendAt !== undefined && sendAt.getTime() > Date.now();
  const status = req.review ? 'held' : deferred ? 'scheduled' : 'queued';

  const id = randomUUID();
  const owner = ownerColumns(auth);
  const checked = await validateShipment(rt.db, rt.plugins, auth, req);
  // Before the transaction: register look-ups and reading documents take time; a held letter is made held.
  const { copies } = await planCopies(rt.plugins, req, 'create');
  validateCopies(rt.plugins, req, checked, copies);
  const verdicts = await guardShipment(rt, req, checked, copies);
  const letterIds = req.recipients.map(() => randomUUID());
  // Four round trips whatever the number of recipients: BEGIN, one statement for the shipment,
  // its letters and their `created` events, the jobs, COMMIT.
  const inserted = await rt.db.transaction().execute(async (trx) => {
    const batch: LetterBatch = {
      organisationId: auth.organisationId,
      channel,
      status,
      ...(sendAt ? { sendAt } : {}),
      letters: [
        ...req.recipients.map(({ document: _document, attachments: _attachments, copies: _copies, ...recipient }, i) => ({
          id: letterIds[i]!,
          recipient,
          provider: rt.plugins.route(recipient.idType, channel)!.name,
          messageId: randomUUID(),
          ownDocuments: ownDocumentsOf(req.recipients[i]!),
          ...heldBy(verdicts?.letters[i]),
        })),
        // Copies after the letters they copy: a copy carries its original's documents.
        ...copies.map((c, k) => ({
          id: randomUUID(),
          recipient: c.recipient,
          provider: rt.plugins.route(c.recipient.idType, channel)!.name,
          messageId: randomUUID(),
          ownDocuments: ownDocumentsOf(req.recipients[c.of]!),
          copy: { of: letterIds[c.of]!, kind: c.kind },
          ...heldBy(verdicts?.copies[k], { copyOf: letterIds[c.of]!, copyKind: c.kind }),
        })),
      ],
    };
    const { rows } = await sql<Letter>`
      with s as (
        insert into shipments (id, organisation_id, created_by_user, created_by_token, team, subject, channel_policy, request, status, review, idempotency_key,
          request_hash, released_at)
        values (${id}, ${auth.organisationId}, ${owner.created_by_user}, ${owner.created_by_token}, ${owner.team}, ${req.subject}, ${req.channelPolicy}, ${JSON.stringify(req)}::jsonb,
          ${req.review ? 'held' : 'released'}, ${req.review}, ${idempotencyKey ?? null}, ${hash}, case when ${req.review}::boolean then null else now() end)
        on conflict (organisation_id, idempotency_key) do nothing
        returning id
      ), ${letterInsertCtes(batch)}, n as (
        -- Wakes the send loops when this commits (see job-wakeup.ts); here, not as a statement of its own.
        select pg_notify(${JOBS_CHANNEL}, ${QUEUES.send}) as x where ${!req.review}::boolean and exists (select 1 from s)
      )
      select l.* from l left join (select count(*) as c from n) as nn on true`.execute(trx);
    if (rows.length === 0) return undefined; // a concurrent request with the same key won
    if (!req.review) {
      await enqueueJobs(
        trx,
        rt.queue,
        rows
          .filter((l) => l.hold === null)
          .map((l) => ({
            name: QUEUES.send,
            data: { letterId: l.id },
            priority: sendPriority(rows.length),
            ...(deferred ? { startAfter: sendAt!.toISOString() } : {}),
          })),
        { notified: true },
      );
    }
    return rows;
  });
  if (!inserted) {
    const again = await replay();
    if (again) return again;
    throw new ApiError(409, 'conflict', 'Prøv igen / try again');
  }
  const held = verdicts ? [...verdicts.letters, ...verdicts.copies].filter((v) => v.held).length : 0;
  rt.logger.info(
    {
      shipmentId: id,
      letters: inserted.length,
      ...(copies.length ? { copies: copies.length } : {}),
      status,
      ...(held ? { heldByLeakGuard: held } : {}),
    },
    'shipment created',
  );
  return { id, created: true, view: createdView(id, req, inserted) };
}
