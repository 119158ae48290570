/**
 * @module
 * Records letter status changes: the letter row, one event per change, a NOTIFY for live
 * updates, webhook jobs and the archive job for final statuses, all in the caller's
 * transaction. Everything that changes a letter's status goes through here.
 */
import { sql, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { type LetterStatus, isFinalStatus } from '@brevdue/shared';
import type { Database } from '../db/schema.ts';
import { type JobToEnqueue, enqueueJobs } from '../jobs/enqueue-jobs.ts';
import { LETTER_CHANNEL, type LetterChange } from './letter-event-bus.ts';
import { canTransition } from './letter-status-machine.ts';
import { QUEUES } from '../jobs/queues.ts';

export interface Transition {
  letterId: string;
  /** New status; omitted for an informational event (opened, retry scheduled ...). */
  status?: LetterStatus;
  event: string;
  reason?: string | null;
  channel?: string;
  provider?: string;
  registration?: string;
  providerMessageId?: string;
  wire?: { sha256: string; mediaType: string };
  receipt?: { sha256: string; mediaType: string };
  raw?: { sha256: string; mediaType: string };
  data?: Record<string, unknown>;
  /** Count a send attempt. */
  attempt?: boolean;
  /** A person's decision (cancelling a failed letter), which a provider's answer may not make. */
  byPerson?: boolean;
  at?: Date;
}

export interface AppliedChange extends LetterChange {
  final: boolean;
}

/** A job to enqueue in the same statement as the follow-ups (e.g. a send retry). */

/**
 * Applies transitions inside `trx`. Status changes that are not forward moves are dropped
 * (recorded as nothing); informational events are always recorded. `extraJobs` are enqueued
 * together with the webhook and archive jobs (one insert for the whole batch).
 *
 * Round trips: one locking read (with the organisations' webhooks), one statement for the
 * letter rows, their events and the NOTIFYs, one job insert. Dispatch calls this for a whole
 * batch of letters, so the cost per letter stays small.
 */
export async function applyTransitions(
  trx: Kysely<Database>,
  boss: PgBoss,
  transitions: Transition[],
  extraJobs: JobToEnqueue[] = [],
): Promise<AppliedChange[]> {
  if (transitions.length === 0) {
    await enqueueJobs(trx, boss, extraJobs);
    return [];
  }
  const ids = [...new Set(transitions.map((t) => t.letterId))].sort();
  // Locked in id order, so two transactions over overlapping letters cannot deadlock.
  const { rows } = await sql<{
    id: string;
    status: string;
    organisation_id: string;
    shipment_id: string;
    channel: string;
    hooks: string[];
  }>`
    select l.id, l.status, l.organisation_id, l.shipment_id, l.channel,
      array(select w.id::text from webhooks w where w.organisation_id = l.organisation_id and w.active) as hooks
    from letters l where l.id = any(${ids}::uuid[]) order by l.id for update of l`.execute(trx);
  const current = new Map(rows.map((r) => [r.id, { ...r }]));
  const hooksOf = new Map(rows.map((r) => [r.organisation_id, r.hooks]));
  // One row per letter: UPDATE ... FROM applies only one source row per target row.
  const updates = new Map<string, Record<string, unknown>>();
  const events: Record<string, unknown>[] = [];
  const changes: AppliedChange[] = [];
  for (const t of transitions) {
    const row = current.get(t.letterId);
    if (!row) continue;
    const at = t.at ?? new Date();
    const statusChanges = t.status !== undefined && canTransition(row.status as LetterStatus, t.status, { byPerson: t.byPerson === true });
    if (t.status !== undefined && !statusChanges && !t.attempt && !t.data) continue; // stale/repeated answer
    if (statusChanges) row.status = t.status!;
    if (t.channel) row.channel = t.channel;
    mergeUpdate(updates, {
      id: t.letterId,
      status: statusChanges ? t.status : null,
      reason: statusChanges ? (t.reason ?? null) : null,
      channel: t.channel ?? null,
      provider: t.provider ?? null,
      registration: t.registration ?? null,
      provider_message_id: t.providerMessageId ?? null,
      wire_sha256: t.wire?.sha256 ?? null,
      wire_media_type: t.wire?.mediaType ?? null,
      receipt_sha256: t.receipt?.sha256 ?? null,
      receipt_media_type: t.receipt?.mediaType ?? null,
      attempt: t.attempt ? 1 : 0,
      submitted: statusChanges && t.status === 'submitted' ? at.toISOString() : null,
      delivered: statusChanges && t.status?.startsWith('delivered') ? at.toISOString() : null,
    });
    events.push({
      letter_id: t.letterId,
      organisation_id: row.organisation_id,
      type: t.event,
      status: statusChanges ? t.status! : null,
      reason: t.reason ?? null,
      data: t.data ?? null,
      raw_sha256: t.raw?.sha256 ?? null,
      raw_media_type: t.raw?.mediaType ?? null,
    });
    if (statusChanges) {
      changes.push({
        organisationId: row.organisation_id,
        shipmentId: row.shipment_id,
        letterId: t.letterId,
        status: t.status!,
        event: t.event,
        channel: row.channel,
        reason: t.reason ?? null,
        at: at.toISOString(),
        final: isFinalStatus(t.status!),
      });
    }
  }
  if (updates.size > 0) {
    // NOTIFY payloads are capped at 8000 bytes: send in chunks.
    const notices: string[] = [];
    for (let i = 0; i < changes.length; i += 20) notices.push(JSON.stringify(changes.slice(i, i + 20).map(({ final: _f, ...c }) => c)));
    // One statement for the whole batch: letter rows, their events (in order) and the NOTIFYs.
    // A SELECT in a WITH only runs when referenced, hence the count of `n`.
    await sql`
      with u as (
        update letters l set
          status = coalesce(v.status, l.status),
          status_reason = case when v.status is not null then v.reason else l.status_reason end,
          channel = coalesce(v.channel, l.channel),
          provider = coalesce(v.provider, l.provider),
          registration = coalesce(v.registration, l.registration),
          provider_message_id = coalesce(v.provider_message_id, l.provider_message_id),
          wire_sha256 = coalesce(v.wire_sha256, l.wire_sha256),
          wire_media_type = coalesce(v.wire_media_type, l.wire_media_type),
          receipt_sha256 = coalesce(v.receipt_sha256, l.receipt_sha256),
          receipt_media_type = coalesce(v.receipt_media_type, l.receipt_media_type),
          attempts = l.attempts + v.attempt,
          submitted_at = coalesce(l.submitted_at, v.submitted),
          delivered_at = coalesce(l.delivered_at, v.delivered),
          updated_at = now()
        from jsonb_to_recordset(${JSON.stringify([...updates.values()])}::jsonb) as v(
          id uuid, status text, reason text, channel text, provider text, registration text,
          provider_message_id text, wire_sha256 text, wire_media_type text, receipt_sha256 text,
          receipt_media_type text, attempt int, submitted timestamptz, delivered timestamptz)
        where l.id = v.id
        returning l.id
      ), e as (
        insert into letter_events (letter_id, organisation_id, type, status, reason, data, raw_sha256, raw_media_type)
        select e.letter_id, e.organisation_id, e.type, e.status, e.reason, e.data, e.raw_sha256, e.raw_media_type
        from jsonb_to_recordset(${JSON.stringify(events.map((e, ord) => ({ ...e, ord })))}::jsonb) as e(
          letter_id uuid, organisation_id uuid, type text, status text, reason text, data jsonb,
          raw_sha256 text, raw_media_type text, ord int)
        order by e.ord
        returning 1
      ), n as (
        select pg_notify(${LETTER_CHANNEL}, x) from unnest(${notices}::text[]) as x
      )
      select (select count(*) from u) as letters, (select count(*) from e) as events, (select count(*) from n) as notices`.execute(trx);
  }
  const jobs = followUps(changes, hooksOf);
  jobs.push(...extraJobs);
  await enqueueJobs(trx, boss, jobs);
  return changes;
}

function mergeUpdate(into: Map<string, Record<string, unknown>>, u: Record<string, unknown>): void {
  const prev = into.get(u.id as string);
  if (!prev) {
    into.set(u.id as string, u);
    return;
  }
  for (const [k, v] of Object.entries(u)) {
    if (k === 'attempt') prev[k] = (prev[k] as number) + (v as number);
    else if (k === 'submitted' || k === 'delivered') prev[k] = prev[k] ?? v;
    else if (k === 'reason') prev[k] = u.status !== null ? v : prev[k];
    else if (v !== null) prev[k] = v;
  }
}

/** Webhook jobs for every change of an organisation with webhooks, an archive job per final status. */
function followUps(changes: AppliedChange[], hooksOf: Map<string, string[]>): JobToEnqueue[] {
  const jobs: JobToEnqueue[] = [];
  for (const ch of changes) {
    const hooks = hooksOf.get(ch.organisationId) ?? [];
    if (hooks.length > 0) {
      const { final: _f, ...body } = ch;
      for (const webhookId of hooks)
        jobs.push({ name: QUEUES.webhook, data: { webhookId, change: body }, retryLimit: 12, retryBackoff: true, retryDelay: 5 });
    }
    if (ch.final) jobs.push({ name: QUEUES.archive, data: { letterId: ch.letterId }, retryLimit: 10, retryBackoff: true, retryDelay: 5 });
  }
  return jobs;
}
