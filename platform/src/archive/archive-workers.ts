/**
 * @module
 * The export workers: `registerArchiveWorkers(rt)` at worker start-up creates the queue,
 * re-queues exports left pending (e.g. by a crash before their job was sent), and works jobs.
 */
import type PgBoss from 'pg-boss';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { ARCHIVE_EXPORT_QUEUE, type ArchiveExportJob, enqueueExportJobs, ensureArchiveQueue } from './archive-exports.ts';
import { runExport } from './run-export.ts';

export interface ArchiveWorkerOptions {
  /** Exports run at once per process (a batch of jobs worked in parallel). Default 4. */
  concurrency?: number;
  /** How often an idle worker looks for jobs. Default 2 s. */
  pollingIntervalSeconds?: number;
}

/**
 * Starts the export workers of this process. Call once after `boss.start()`.
 * @example await registerArchiveWorkers(rt, { concurrency: 4 });
 * @returns the pg-boss worker id (for `boss.offWork`).
 */
export async function registerArchiveWorkers(rt: ArchiveRuntime, opts: ArchiveWorkerOptions = {}): Promise<string> {
  await ensureArchiveQueue(rt.queue);
  await resumePendingExports(rt);
  const handler = async (jobs: PgBoss.JobWithMetadata<ArchiveExportJob>[]) => {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const r = await runExport(rt, job.data.exportId, { final: job.retryCount >= job.retryLimit });
          // pg-boss completes every job of a batch the handler returns for; a retry is failed
          // on its own first, so it goes back with back-off while the others complete.
          if (r.outcome === 'retry') await rt.queue.fail(ARCHIVE_EXPORT_QUEUE, job.id, { message: r.reason });
        } catch (e) {
          rt.logger.warn({ exportId: job.data.exportId, err: (e as Error).message }, 'archive export job failed; retrying');
          await rt.queue.fail(ARCHIVE_EXPORT_QUEUE, job.id, { message: (e as Error).message });
        }
      }),
    );
  };
  return rt.queue.work<ArchiveExportJob>(
    ARCHIVE_EXPORT_QUEUE,
    { batchSize: opts.concurrency ?? 4, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, includeMetadata: true },
    handler,
  );
}

/** Sends a job for every pending export (duplicates of a waiting job are dropped by the queue policy). */
export async function resumePendingExports(rt: Pick<ArchiveRuntime, 'db' | 'queue'>): Promise<number> {
  const rows = await rt.db.selectFrom('archive_exports').select('id').where('status', '=', 'pending').execute();
  await enqueueExportJobs(
    rt.db,
    rt.queue,
    rows.map((r) => r.id),
  );
  return rows.length;
}
