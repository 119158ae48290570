/**
 * @module
 * Enqueues jobs inside the caller's transaction and tells the job loops of every process
 * (delivered when the transaction commits, so never before the jobs are visible).
 */
import { sql, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { bossDb } from './pg-boss-adapter.ts';
import { JOBS_CHANNEL } from './job-wakeup.ts';
import type { Database } from '../db/schema.ts';

export interface JobToEnqueue {
  name: string;
  data: object;
  startAfter?: string;
  /** Higher first (pg-boss fetches by priority, then age): see `sendPriority`. */
  priority?: number;
  retryLimit?: number;
  retryBackoff?: boolean;
  retryDelay?: number;
}

/** `notified`: the caller sent the NOTIFY itself, within a statement it ran anyway. */
export async function enqueueJobs(
  trx: Kysely<Database>,
  boss: PgBoss,
  jobs: JobToEnqueue[],
  opts: { notified?: boolean } = {},
): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(jobs, { db: bossDb(trx) });
  if (!opts.notified)
    await notifyJobs(
      trx,
      jobs.map((j) => j.name),
    );
}

/** NOTIFY for each queue named (PostgreSQL folds repeats within a transaction). */
export async function notifyJobs(trx: Kysely<Database>, queues: string[]): Promise<void> {
  const names = [...new Set(queues)];
  if (names.length > 0) await sql`select pg_notify(${JOBS_CHANNEL}, q) from unnest(${names}::text[]) as q`.execute(trx);
}
