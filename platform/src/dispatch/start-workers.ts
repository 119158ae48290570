/**
 * @module
 * Starts this process's workers: letter dispatch, webhook delivery, archiving and status
 * polling. Any number of processes may run them against one database.
 */
import type { Runtime } from '../runtime-types.ts';
import { deliverWebhook, type WebhookJob } from '../webhooks/deliver-webhook.ts';
import { QUEUES } from './queues.ts';
import { processSendJobs, type SendJob } from './send-worker.ts';
import { startStatusPoller } from './status-poller.ts';
import { archiveLetter, registerArchiveWorkers, registerRetentionSchedule } from '../archive/index.ts';

export interface WorkerOptions {
  /** Parallel fetch loops for letter jobs. */
  loops?: number;
  /** Letters per fetched batch. */
  batchSize?: number;
}

export async function startWorkers(rt: Runtime, opts: WorkerOptions = {}): Promise<() => Promise<void>> {
  const batchSize = opts.batchSize ?? Math.max(1, Math.min(100, Math.ceil(rt.config.workers.concurrency / 2)));
  const loops = opts.loops ?? Math.max(1, Math.ceil(rt.config.workers.concurrency / batchSize));
  const ids: string[] = [];
  for (let i = 0; i < loops; i++) {
    ids.push(
      await rt.queue.work<SendJob>(QUEUES.send, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        await processSendJobs(rt, jobs);
      }),
    );
  }
  ids.push(await rt.queue.work<WebhookJob>(QUEUES.webhook, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => deliverWebhook(rt, job!)));
  // Every letter that reached a final status is filed in its party's case with its receipt.
  ids.push(
    await rt.queue.work<{ letterId: string }>(QUEUES.archive, { batchSize: 20, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await rt.db.transaction().execute((trx) => archiveLetter(trx, rt, job.data.letterId));
    }),
  );
  ids.push(await registerArchiveWorkers(rt));
  await registerRetentionSchedule(rt);
  const stopPoller = startStatusPoller(rt);
  rt.logger.info({ loops, batchSize }, 'workers started');
  return async () => {
    stopPoller();
    for (const id of ids) await rt.queue.offWork({ id } as never);
  };
}
