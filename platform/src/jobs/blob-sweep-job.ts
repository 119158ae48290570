/**
 * @module
 * The periodic orphan sweep on pg-boss (blob/sweep-orphan-blobs.ts): `registerBlobSweep(rt)` at
 * worker start-up. pg-boss runs a schedule once across all processes, and the singleton queue
 * keeps two sweeps from running at once.
 */
import type PgBoss from 'pg-boss';
import type { Runtime } from '../app/runtime-types.ts';
import { sweepOrphanBlobs } from '../blob/sweep-orphan-blobs.ts';

export const BLOB_SWEEP_QUEUE = 'blob-sweep';

/**
 * Creates the queue, schedules it (config `blobSweep.cron`) and works it; answers the worker id
 * for `offWork`.
 * @example const id = await registerBlobSweep(rt);
 */
export async function registerBlobSweep(rt: Pick<Runtime, 'db' | 'blobs' | 'logger' | 'queue' | 'config'>): Promise<string> {
  const queue: PgBoss = rt.queue;
  await queue.createQueue(BLOB_SWEEP_QUEUE, {
    name: BLOB_SWEEP_QUEUE,
    policy: 'singleton',
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 3600,
  });
  await queue.schedule(BLOB_SWEEP_QUEUE, rt.config.blobSweep.cron, {}, { tz: 'Europe/Copenhagen' }).catch((e: unknown) => {
    throw new Error(
      `blobSweep.cron: "${rt.config.blobSweep.cron}" could not be scheduled (${(e as Error).message}); give a cron expression such as "17 * * * *"`,
    );
  });
  return queue.work(BLOB_SWEEP_QUEUE, { pollingIntervalSeconds: 60 }, async () => {
    const report = await sweepOrphanBlobs(rt, { graceMs: rt.config.blobSweep.orphanGraceHours * 3600_000 });
    return { ...report };
  });
}
