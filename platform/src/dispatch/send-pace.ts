/**
 * @module
 * How long this process's sends take, lately: a moving average of the time a provider takes to
 * answer one send. The worker opens more fetch loops only
 * while sends are slow (a remote that answers in hundreds of milliseconds needs hundreds of
 * letters in flight); against a fast remote the extra loops would only contend for the database.
 */
import type { Runtime } from '../app/runtime-types.ts';

const averages = new WeakMap<Runtime, { ms: number }>();

/** Records one send's time (ms). */
export function recordSendTime(rt: Runtime, ms: number): void {
  const a = averages.get(rt);
  if (!a) averages.set(rt, { ms });
  else a.ms = a.ms * 0.95 + ms * 0.05;
}

/** The recent average time of one send (ms); 0 before the first. */
export function recentSendMs(rt: Runtime): number {
  return averages.get(rt)?.ms ?? 0;
}
