/**
 * @module
 * The one place letters are made: a letter row and its `created` event are always written
 * together, by the SQL here. Shipments compose it into their own insert (one statement for the
 * shipment, its letters and their events); a resend calls `resendLetter`.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, Recipient } from '@brevdue/shared';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { CopyKind, Database, Letter, LetterHold, OwnDocuments } from '../db/schema.ts';
import { enqueueJobs } from '../jobs/enqueue-jobs.ts';
import { QUEUES, sendPriority } from '../jobs/queues.ts';

/** One letter to make. */
export interface NewLetter {
  id: string;
  recipient: Recipient;
  /** Provider instance that will send it. */
  provider: string;
  /** Our message id, as the remote sees it (MeMo messageUUID, Digipost message id). */
  messageId: string;
  /** The failed letter this one replaces. */
  resendOf?: string;
  /** Data of the letter's `created` event. */
  eventData?: object;
  /** The recipient's own documents (a merge letter); absent: the shipment's. */
  ownDocuments?: OwnDocuments | null;
  /** Made `held` whatever the batch's status, with this reason (the leak guard's finding). */
  hold?: { kind: LetterHold; reason: string };
  /** A copy of another letter of the same shipment (made in the same batch, or earlier). */
  copy?: LetterCopy;
}

/** What a copy letter copies, and why. */
export interface LetterCopy {
  of: string;
  kind: CopyKind;
}

/** Letters made together: same organisation, channel, status and send time. */
export interface LetterBatch {
  organisationId: string;
  channel: Channel;
  status: 'held' | 'scheduled' | 'queued';
  sendAt?: Date;
  letters: NewLetter[];
}

/**
 * The `l` (letters, `returning *`) and `e` (their `created` events) parts of a WITH clause, to
 * follow a part named `s` whose `id` is the shipment's. Letters are inserted in the batch's order.
 * @example sql`with s as (insert into shipments ... returning id), ${letterInsertCtes(batch)} select * from l`
 */
export function letterInsertCtes(batch: LetterBatch): RawBuilder<unknown> {
  const rows = batch.letters.map((l, ord) => ({
    id: l.id,
    recipient_type: l.recipient.idType,
    recipient_id: l.recipient.id,
    recipient: l.recipient,
    provider: l.provider,
    message_id: l.messageId,
    resend_of: l.resendOf ?? null,
    event_data: l.eventData ?? null,
    own_documents: l.ownDocuments ?? null,
    hold: l.hold?.kind ?? null,
    hold_reason: l.hold?.reason ?? null,
    copy_of: l.copy?.of ?? null,
    copy_kind: l.copy?.kind ?? null,
    ord,
  }));
  return sql`l as (
        insert into letters (id, organisation_id, shipment_id, recipient_type, recipient_id, recipient, channel, provider, status, message_id,
          send_at, resend_of, own_documents, hold, status_reason, copy_of, copy_kind)
        select v.id, ${batch.organisationId}, s.id, v.recipient_type, v.recipient_id, v.recipient, ${batch.channel}, v.provider,
          case when v.hold is null then ${batch.status} else 'held' end,
          v.message_id, ${batch.sendAt?.toISOString() ?? null}::timestamptz, v.resend_of, v.own_documents, v.hold, v.hold_reason,
          v.copy_of, v.copy_kind
        from s, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
          id uuid, recipient_type text, recipient_id text, recipient jsonb, provider text, message_id uuid, resend_of uuid, event_data jsonb,
          own_documents jsonb, hold text, hold_reason text, copy_of uuid, copy_kind text, ord int)
        order by v.ord
        returning *
      ), e as (
        insert into letter_events (letter_id, organisation_id, type, status, reason, data)
        select l.id, l.organisation_id, 'created', l.status, l.status_reason, v.event_data
        from l join jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, event_data jsonb) on v.id = l.id
      )`;
}

/** Makes letters of an existing shipment, with their `created` events, in one statement. */
export async function createLetters(db: Kysely<Database>, shipmentId: string, batch: LetterBatch): Promise<Letter[]> {
  const { rows } = await sql<Letter>`with s as (select ${shipmentId}::uuid as id), ${letterInsertCtes(batch)} select l.* from l`.execute(
    db,
  );
  return rows;
}

/** What a resend replaces and where the new letter goes. */
export interface Resend {
  organisationId: string;
  /** The failed letter (locked by the caller's transaction). */
  failed: Pick<Letter, 'id' | 'shipment_id'>;
  recipient: Recipient;
  channel: Channel;
  provider: string;
  /** The failed letter's own documents, which the new letter carries too. */
  ownDocuments?: OwnDocuments | null;
  /** The failed letter was a copy: so is the new one, of the same letter. */
  copy?: LetterCopy;
}

/**
 * Makes the letter that replaces a failed one, marks the failed one `resent`, and enqueues the
 * new one for sending — within the caller's transaction.
 * @returns the new letter
 */
export async function resendLetter(trx: Kysely<Database>, queue: PgBoss, r: Resend): Promise<Letter> {
  const id = randomUUID();
  const [letter] = await createLetters(trx, r.failed.shipment_id, {
    organisationId: r.organisationId,
    channel: r.channel,
    status: 'queued',
    letters: [
      {
        id,
        recipient: r.recipient,
        provider: r.provider,
        messageId: randomUUID(),
        resendOf: r.failed.id,
        eventData: { resendOf: r.failed.id },
        ownDocuments: r.ownDocuments ?? null,
        ...(r.copy ? { copy: r.copy } : {}),
      },
    ],
  });
  await trx
    .insertInto('letter_events')
    .values({ letter_id: r.failed.id, organisation_id: r.organisationId, type: 'resent', data: JSON.stringify({ newLetterId: id }) })
    .execute();
  await enqueueJobs(trx, queue, [{ name: QUEUES.send, data: { letterId: id }, priority: sendPriority(1) }]);
  return letter!;
}
