import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { createPluginState } from './plugin-state.ts';

describe('plugin state locks', () => {
  // Two pools: two platform processes on one database.
  let a: Kysely<Database>;
  let b: Kysely<Database>;
  beforeAll(async () => {
    const url = await createTestDatabase('pstate');
    a = openPool(url, pino({ level: 'silent' }), 4);
    b = openPool(url, pino({ level: 'silent' }), 4);
    await migrateToLatest(a);
  });
  afterAll(async () => {
    await a?.destroy();
    await b?.destroy();
  });

  it('lets one process at a time hold a key, releases it when the holder throws, and keeps keys and plugins apart', async () => {
    const log: string[] = [];
    const held =
      (who: string, ms: number, fail = false) =>
      async () => {
        log.push(`${who} in`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${who} out`);
        if (fail) throw new Error(`${who} failed`);
        return who;
      };
    const [p1, p2] = [createPluginState(a, 'archive-sbsys'), createPluginState(b, 'archive-sbsys')];
    const first = p1.withLock('sag:x', held('a1', 150, true));
    await new Promise((r) => setTimeout(r, 30)); // a1 holds the lock
    const results = await Promise.allSettled([
      first,
      p2.withLock('sag:x', held('b1', 10)),
      p2.withLock('sag:y', held('b2', 10)),
      createPluginState(b, 'other').withLock('sag:x', held('c', 10)),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a1 failed', 'b1', 'b2', 'c']);
    // Another key and another plugin's key did not wait; the same key did.
    expect(log.indexOf('b2 out')).toBeLessThan(log.indexOf('a1 out'));
    expect(log.indexOf('c out')).toBeLessThan(log.indexOf('a1 out'));
    expect(log.indexOf('b1 in')).toBeGreaterThan(log.indexOf('a1 out'));
  });
});
