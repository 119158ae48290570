import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter.ts';

describe('createLimiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const task = (i: number) =>
      limit(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        return i;
      });
    const all = Promise.all([0, 1, 2, 3, 4].map(task));
    // Release tasks one by one; a newcomer must not slip past a waiter.
    while (gates.length || running) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
      expect(running).toBeLessThanOrEqual(2);
    }
    expect(await all).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });
});
