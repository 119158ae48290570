/**
 * @module
 * A fetch loop over one queue, used instead of pg-boss's `work` for the busy queues.
 *
 * Why: pg-boss 10's `work` sleeps out its polling interval (0.5 s at least) after every batch,
 * so a queue drained at most one batch per interval — archiving and webhooks ran at 20 and 1
 * job/s per process — and the sends of a busy minute arrived in half-second bursts that
 * stalled the API beside them. This loop takes batches back to back while jobs are waiting,
 * lets a trickle gather for `gatherMs` into a batch, and when the queue is empty sleeps until
 * a NOTIFY from an enqueuing transaction (see `enqueueJobs`) or `pollMs` (jobs that come due
 * later: retries, deferred sends). Fetching stays pg-boss's: SKIP LOCKED, expiry of jobs of a
 * dead process, retry policy.
 */
import type { Job } from 'pg-boss';
import type { Runtime } from '../app/runtime-types.ts';
import { type BossDb } from './pg-boss-adapter.ts';
import type { JobWakeup } from './job-wakeup.ts';

export interface JobLoopOptions<T> {
  queue: string;
  batchSize: number;
  /** Longest sleep while the queue is empty. */
  pollMs: number;
  /** Least time from one fetch to the next after a batch that was not full. */
  gatherMs: number;
  /**
   * Lower priority: while this says so, fetching waits — but never longer than `maxDeferMs`
   * in a row, so the queue always moves.
   */
  deferWhile?: () => boolean;
  maxDeferMs?: number;
  /** Handles a batch and settles its jobs; jobs left unsettled when it throws are failed (retried by the queue). */
  handle(jobs: Job<T>[]): Promise<void>;
}

export interface JobLoop {
  /** Finishes the batch in hand, then resolves. */
  stop(): Promise<void>;
}

export function startJobLoop<T extends object>(rt: Runtime, wakeup: JobWakeup, opts: JobLoopOptions<T>): JobLoop {
  let stopped = false;
  let onStop = () => {};
  const stopping = new Promise<void>((resolve) => (onStop = resolve));
  const pause = (ms: number) => {
    let t: NodeJS.Timeout | undefined;
    return Promise.race([new Promise<void>((resolve) => (t = setTimeout(resolve, ms))), stopping]).finally(() => clearTimeout(t));
  };

  const run = async () => {
    while (!stopped) {
      if (opts.deferWhile) {
        const until = Date.now() + (opts.maxDeferMs ?? 2000);
        while (!stopped && opts.deferWhile() && Date.now() < until) await pause(100);
      }
      const started = Date.now();
      const seen = wakeup.seen(opts.queue);
      let jobs: Job<T>[] = [];
      try {
        jobs = (await rt.queue.fetch<T>(opts.queue, { batchSize: opts.batchSize })) ?? [];
        if (jobs.length > 0) await opts.handle(jobs);
      } catch (err) {
        rt.logger.warn({ err, queue: opts.queue, jobs: jobs.length }, 'job batch failed; the queue retries its jobs');
        if (jobs.length > 0)
          await settleJobs(
            rt,
            'fail',
            opts.queue,
            jobs.map((j) => j.id),
            { message: (err as Error).message },
          ).catch(() => undefined);
        await pause(1000); // a broken database must not make this spin
        continue;
      }
      if (stopped) break;
      if (jobs.length >= opts.batchSize) continue;
      const wait = opts.gatherMs - (Date.now() - started);
      if (wait > 0) await pause(wait);
      if (jobs.length === 0 && !stopped) await Promise.race([wakeup.waitSince(opts.queue, seen, opts.pollMs), stopping]);
    }
  };
  const done = run();
  return {
    async stop() {
      stopped = true;
      onStop();
      await done;
    },
  };
}

/**
 * Completes or fails jobs, optionally inside a transaction. pg-boss 10's `complete`/`fail` take
 * `(name, ids, data, options)`; its type declarations leave out `data` for id arrays, and
 * passing the options third would send them as the job output and ignore the transaction.
 */
export function settleJobs(
  rt: Runtime,
  how: 'complete' | 'fail',
  queue: string,
  ids: string[],
  data: object | null,
  db?: BossDb,
): Promise<unknown> {
  const fn = rt.queue[how] as unknown as (name: string, ids: string[], data: object | null, options?: { db: BossDb }) => Promise<unknown>;
  return fn.call(rt.queue, queue, ids, data, db ? { db } : undefined);
}
