/**
 * @module
 * Starts this process's workers: letter dispatch, webhook delivery, archiving, archive exports,
 * retention, the orphan blob sweep and status polling. Any number of processes may run them against one database.
 */
import type { Job } from 'pg-boss';
import type { Runtime } from './runtime-types.ts';
import { deliverWebhook, type WebhookJob } from '../webhooks/deliver-webhook.ts';
import { bossDb } from '../jobs/pg-boss-adapter.ts';
import { QUEUES } from '../jobs/queues.ts';
import { processSendBatch, type SendJob } from '../dispatch/send-worker.ts';
import { startStatusPoller } from '../dispatch/status-poller.ts';
import { recentSendMs } from '../dispatch/send-pace.ts';
import { createJobWakeup } from '../jobs/job-wakeup.ts';
import { type JobLoop, settleJobs, startJobLoop } from '../jobs/job-loop.ts';
import { archiveLetters, registerArchiveWorkers, registerRetentionSchedule } from '../archive/index.ts';
import { registerAuditCheckpointSchedule } from '../audit/audit-checkpoint-schedule.ts';
import { registerBlobSweep } from '../jobs/blob-sweep-job.ts';

/** Sends taking longer than this on average (ms) open the extra fetch loops. */
const SLOW_SEND_MS = 50;

export interface WorkerOptions {
  /** Parallel fetch loops for letter jobs. */
  loops?: number;
  /** Letters per fetched batch. */
  batchSize?: number;
}

export async function startWorkers(rt: Runtime, opts: WorkerOptions = {}): Promise<() => Promise<void>> {
  // Letters in hand: twice what the providers may have in flight together (each provider's gate
  // in dispatch/provider-gates.ts keeps its own remote at its limit) — a letter spends about as
  // long in its registration look-up as in its send — in batches of up to 100.
  const providerLimits = [...rt.plugins.providers.values()].reduce((sum, p) => sum + p.concurrency, 0);
  const concurrency = rt.config.workers.concurrency ?? Math.max(1, Math.min(1000, 2 * providerLimits));
  const batchSize = opts.batchSize ?? Math.max(1, Math.min(100, Math.ceil(concurrency / 2)));
  const loops = opts.loops ?? Math.max(1, Math.ceil(concurrency / batchSize));
  // Two loops always fetch; the others only while sends are slow (see send-pace.ts), so a fast
  // remote is not met with loops that would only contend for the database.
  const alwaysOn = 2;
  const wakeup = await createJobWakeup(rt.databaseUrl, rt.logger);
  const jobLoops: JobLoop[] = [];
  // Letters: batches of up to `batchSize`; a trickle of single letters gathers for 100 ms (a
  // batch has a fixed cost of about ten round trips).
  let sendBacklogAt = 0;
  for (let i = 0; i < loops; i++) {
    jobLoops.push(
      startJobLoop<SendJob>(rt, wakeup, {
        queue: QUEUES.send,
        batchSize,
        pollMs: 1000,
        gatherMs: 100,
        ...(i >= alwaysOn ? { deferWhile: () => recentSendMs(rt) < SLOW_SEND_MS, maxDeferMs: 5000 } : {}),
        handle: async (jobs) => {
          if (jobs.length >= batchSize) sendBacklogAt = Date.now();
          await processSendBatch(rt, jobs);
        },
      }),
    );
  }
  // Every letter that reached a final status is filed in its party's case with its receipt.
  // Sending comes first: while letters queue up to be sent, archiving (which costs more per
  // letter, mostly its receipt PDF) takes one batch per 2 s and catches up afterwards. Nobody
  // waits for an archive record, so a trickle gathers for a second into larger batches.
  jobLoops.push(
    startJobLoop<{ letterId: string }>(rt, wakeup, {
      queue: QUEUES.archive,
      batchSize: 50,
      pollMs: 2000,
      gatherMs: 1000,
      deferWhile: () => Date.now() - sendBacklogAt < 500,
      maxDeferMs: 2000,
      handle: (jobs) => archiveJobs(rt, jobs),
    }),
  );
  jobLoops.push(
    startJobLoop<WebhookJob>(rt, wakeup, {
      queue: QUEUES.webhook,
      batchSize: 20,
      pollMs: 1000,
      gatherMs: 20,
      handle: (jobs) => deliverWebhooks(rt, jobs),
    }),
  );
  const ids = [await registerArchiveWorkers(rt), await registerBlobSweep(rt)];
  await registerRetentionSchedule(rt);
  const auditCheckpoints = await registerAuditCheckpointSchedule(rt, rt.config.audit);
  const stopPoller = startStatusPoller(rt);
  rt.logger.info({ loops, batchSize }, 'workers started');
  return async () => {
    stopPoller();
    await Promise.all(jobLoops.map((l) => l.stop()));
    await wakeup.close();
    for (const id of ids) await rt.queue.offWork({ id });
    // The head written since the last checkpoint is signed before the database closes.
    await auditCheckpoints.checkpointNow().catch((err: unknown) => rt.logger.warn({ err }, 'audit checkpoint at shutdown failed'));
  };
}

/**
 * A batch of letters archived in one transaction, their jobs completed in it. If the batch
 * fails, each letter is tried alone, so one that cannot be archived (its retries and the
 * error list show it) holds up no other.
 */
async function archiveJobs(rt: Runtime, jobs: Job<{ letterId: string }>[]): Promise<void> {
  try {
    await rt.db.transaction().execute(async (trx) => {
      await archiveLetters(
        trx,
        rt,
        jobs.map((j) => j.data.letterId),
      );
      await settleJobs(
        rt,
        'complete',
        QUEUES.archive,
        jobs.map((j) => j.id),
        null,
        bossDb(trx),
      );
    });
    return;
  } catch (err) {
    if (jobs.length === 1) {
      rt.logger.warn({ err, letterId: jobs[0]!.data.letterId }, 'archiving failed; the queue retries it');
      await settleJobs(rt, 'fail', QUEUES.archive, [jobs[0]!.id], { message: (err as Error).message });
      return;
    }
  }
  for (const job of jobs) await archiveJobs(rt, [job]);
}

/** Deliveries of a batch run side by side; each failure is retried with back-off by the queue. */
async function deliverWebhooks(rt: Runtime, jobs: Job<WebhookJob>[]): Promise<void> {
  const results = await Promise.allSettled(jobs.map((job) => deliverWebhook(rt, job)));
  const delivered = jobs.filter((_, i) => results[i]!.status === 'fulfilled').map((j) => j.id);
  if (delivered.length > 0) await settleJobs(rt, 'complete', QUEUES.webhook, delivered, null);
  for (const [i, r] of results.entries()) {
    if (r.status === 'rejected') await settleJobs(rt, 'fail', QUEUES.webhook, [jobs[i]!.id], { message: (r.reason as Error).message });
  }
}
