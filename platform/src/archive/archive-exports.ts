/**
 * @module
 * Export jobs: one `archive_exports` row per record and target (its status is the truth:
 * pending / exported / failed with reason) and one pg-boss job per pending row on the
 * `archive-export` queue, retried with exponential back-off by pg-boss.
 */
import { type Kysely, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/schema.ts';
import type { ArchiveTargets } from './archive-runtime.ts';
import { bossDb } from '../jobs/pg-boss-adapter.ts';

/** The pg-boss queue of export jobs. */
export const ARCHIVE_EXPORT_QUEUE = 'archive-export';

/**
 * Retry policy of export jobs: 8 retries, 30 s doubling (≈ 30 s … 2 h), 5 min to finish one.
 * The expiry is also how long a crashed process's export stays locked, so it is kept short; an
 * export that outlives it is retried, and the target's idempotency finds what it made.
 */
export const ARCHIVE_EXPORT_QUEUE_OPTIONS = {
  // One queued and one active job per export (singletonKey = export id): a second request while
  // one waits adds nothing.
  policy: 'stately',
  retryLimit: 8,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  retentionDays: 14,
} as const satisfies Omit<PgBoss.Queue, 'name'>;

export interface ArchiveExportJob {
  exportId: string;
}

/** Creates the queue (idempotent); the queue must exist before jobs can be sent to it. */
export async function ensureArchiveQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(ARCHIVE_EXPORT_QUEUE, { name: ARCHIVE_EXPORT_QUEUE, ...ARCHIVE_EXPORT_QUEUE_OPTIONS });
  // createQueue keeps an existing queue's settings; bring them up to date.
  await boss.updateQueue(ARCHIVE_EXPORT_QUEUE, { name: ARCHIVE_EXPORT_QUEUE, ...ARCHIVE_EXPORT_QUEUE_OPTIONS });
}

/** A target as exports see it: its name, and the party types it files when not all. */
export interface ExportTarget {
  name: string;
  partyTypes?: readonly string[];
}

/** The named targets with the party types each declares. */
export function exportTargets(targets: ArchiveTargets, names: string[]): ExportTarget[] {
  return names.map((name) => ({ name, partyTypes: targets.get(name)?.partyTypes }));
}

/**
 * Ensures an export row per record and target that files the record's party; failed ones go
 * back to pending, exported ones stay exported (never exported twice). Returns the rows now
 * pending, each with its record.
 */
export async function createExports(
  db: Kysely<Database>,
  organisationId: string,
  recordIds: string[],
  targets: ExportTarget[],
): Promise<Array<{ id: string; recordId: string }>> {
  if (recordIds.length === 0 || targets.length === 0) return [];
  // Party types per target as one text each (null: every type), so the statement is the same whatever the targets.
  const names = targets.map((t) => t.name);
  const types = targets.map((t) => (t.partyTypes ? t.partyTypes.join(',') : null));
  const rows = await db
    .insertInto('archive_exports')
    .columns(['organisation_id', 'record_id', 'target', 'updated_at'])
    .expression(
      db
        .selectFrom('archive_records as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .innerJoin(
          sql<{
            target: string;
            types: string | null;
          }>`(select * from unnest(${sql.val(names)}::text[], ${sql.val(types)}::text[]) as u(target, types))`.as('t'),
          (j) => j.onTrue(),
        )
        .select([sql.val(organisationId).as('organisation_id'), 'r.id', sql<string>`t.target`.as('target'), sql`now()`.as('updated_at')])
        .where('r.organisation_id', '=', organisationId)
        .where('r.id', '=', sql<string>`any(${sql.val(recordIds)}::uuid[])`)
        .where(sql<boolean>`(t.types is null or c.party_type = any(string_to_array(t.types, ',')))`),
    )
    .onConflict((oc) =>
      oc.columns(['record_id', 'target']).doUpdateSet({
        status: sql`case when archive_exports.status = 'failed' then 'pending' else archive_exports.status end`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['id', 'status', 'record_id'])
    .execute();
  return rows.filter((r) => r.status === 'pending').map((r) => ({ id: r.id, recordId: r.record_id }));
}

/**
 * Sends one job per export. Inside a transaction the jobs are part of it (pg-boss runs its
 * insert on our connection), so they exist exactly when the rows do.
 */
export async function enqueueExportJobs(db: Kysely<Database>, boss: PgBoss, exportIds: string[]): Promise<void> {
  // An export whose job is still waiting or running gets no second job: pg-boss 10 lets the
  // stately policy insert one beside an active job, and then its fetch fails on the unique
  // index and silently stalls the whole queue (timgit/pg-boss#535). The running job finishes
  // the export, or expires and is retried.
  const busy = new Set<string>();
  if (exportIds.length > 0) {
    const r = await sql<{ key: string }>`
      select singleton_key as key from pgboss.job
      where name = ${ARCHIVE_EXPORT_QUEUE} and state in ('created', 'retry', 'active')
        and singleton_key = any(${exportIds}::text[])`.execute(db);
    for (const row of r.rows) busy.add(row.key);
  }
  const ids = exportIds.filter((id) => !busy.has(id));
  for (let i = 0; i < ids.length; i += 1000) {
    const jobs = ids
      .slice(i, i + 1000)
      .map((exportId) => ({ name: ARCHIVE_EXPORT_QUEUE, data: { exportId } satisfies ArchiveExportJob, singletonKey: exportId }));
    await boss.insert(jobs, { db: bossDb(db) });
  }
}
