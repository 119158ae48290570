/**
 * @module
 * A tiny concurrency limit for heavy child work (LibreOffice, Chromium pages) on a 2-core box.
 */

/** Returns `limit(fn)`, which runs at most `max` of the given functions at a time, FIFO. */
export function createLimiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (fn) => {
    if (running >= max) await new Promise<void>((r) => waiting.push(r));
    else running++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
