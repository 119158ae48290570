/**
 * @module
 * The daily retention job on pg-boss: `registerRetentionSchedule(rt)` at worker start-up.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';
import { runRetention } from './run-retention.ts';

export const RETENTION_QUEUE = 'archive-retention';

/**
 * Creates the queue, schedules it daily (default 02:30 Danish time) and works it. pg-boss runs
 * a schedule once across all processes, so every worker process may call this.
 * @example await registerRetentionSchedule(rt, { cron: '30 2 * * *' });
 */
export async function registerRetentionSchedule(
  rt: { db: Kysely<Database>; blobs: BlobStore; logger: Logger; queue: PgBoss },
  opts: { cron?: string; tz?: string } = {},
): Promise<void> {
  await rt.queue.createQueue(RETENTION_QUEUE, {
    name: RETENTION_QUEUE,
    policy: 'singleton',
    retryLimit: 3,
    retryDelay: 600,
    expireInSeconds: 3 * 3600,
  });
  await rt.queue.schedule(RETENTION_QUEUE, opts.cron ?? '30 2 * * *', {}, { tz: opts.tz ?? 'Europe/Copenhagen' });
  await rt.queue.work(RETENTION_QUEUE, { pollingIntervalSeconds: 60 }, async () => {
    const report = await runRetention(rt, { dryRun: false, actor: 'system' });
    return { documents: report.documents.length, countsByKind: report.countsByKind, blobsDeleted: report.blobsDeleted };
  });
}
