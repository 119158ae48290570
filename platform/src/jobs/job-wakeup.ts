/**
 * @module
 * Wakes this process's job loops when a transaction enqueues jobs: `enqueueJobs` sends
 * `NOTIFY brevdue_jobs, '<queue>'` in the enqueuing transaction (delivered on commit), and one
 * LISTEN connection per process passes it on. Polling stays as the fallback for jobs that come
 * due later (retries, deferred sends) and for notifications missed while reconnecting.
 */
import type { Logger } from 'pino';
import { listenChannel } from '../db/listen-channel.ts';

export const JOBS_CHANNEL = 'brevdue_jobs';

export interface JobWakeup {
  /** How many notifications for `queue` this process has seen: read it before a fetch… */
  seen(queue: string): number;
  /** …and wait only if none came since: resolves on the next one, after `timeoutMs`, or on close. */
  waitSince(queue: string, seen: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function createJobWakeup(url: string, logger: Logger): Promise<JobWakeup> {
  const waiting = new Map<string, Set<() => void>>();
  const counts = new Map<string, number>();
  let closed = false;
  const wake = (queue: string) => {
    counts.set(queue, (counts.get(queue) ?? 0) + 1);
    const set = waiting.get(queue);
    if (!set) return;
    waiting.delete(queue);
    for (const fn of set) fn();
  };
  const listener = await listenChannel(url, JOBS_CHANNEL, logger, wake);
  return {
    seen: (queue) => counts.get(queue) ?? 0,
    waitSince(queue, seen, timeoutMs) {
      if (closed || (counts.get(queue) ?? 0) !== seen) return Promise.resolve();
      return new Promise<void>((resolve) => {
        let set = waiting.get(queue);
        if (!set) waiting.set(queue, (set = new Set()));
        const done = () => {
          clearTimeout(timer);
          set!.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        set.add(done);
      });
    },
    async close() {
      closed = true;
      for (const q of [...waiting.keys()]) wake(q);
      await listener.close();
    },
  };
}
