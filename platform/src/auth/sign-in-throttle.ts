/**
 * @module
 * Slows down guessing: failed sign-ins and wrong tokens are counted per source address in
 * PostgreSQL (rate-limiter-flexible), so every process counts together. Past the limit the address
 * gets 429 with Retry-After for a while — valid credentials included — and each process
 * remembers a block it has seen so blocked guessing costs no database round trip.
 */
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/** Failures an address may make within `WINDOW_SECONDS` before it is blocked. */
export const FAILURES_ALLOWED = 20;
const WINDOW_SECONDS = 60;
const BLOCK_SECONDS = 60;

export interface SignInThrottle {
  /** Seconds until the address may try again, or 0 when it is not blocked (this process's view). */
  blockedFor(address: string): number;
  /** Counts a failure; answers the seconds of the block it caused, or 0. */
  fail(address: string): Promise<number>;
  close(): Promise<void>;
}

/** Counts failures in the `auth_failures` table (migration 005) on a small pool of its own. */
export function createSignInThrottle(databaseUrl: string): SignInThrottle {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {}); // a lost idle connection is replaced; the throttle must not end the process
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'auth_failures',
    tableCreated: true,
    keyPrefix: 'auth',
    points: FAILURES_ALLOWED,
    duration: WINDOW_SECONDS,
    blockDuration: BLOCK_SECONDS,
  });
  const blocked = new Map<string, number>();
  return {
    blockedFor(address) {
      const until = blocked.get(address);
      if (until === undefined) return 0;
      if (until <= Date.now()) {
        blocked.delete(address);
        return 0;
      }
      return Math.ceil((until - Date.now()) / 1000);
    },
    async fail(address) {
      try {
        await limiter.consume(address);
        return 0;
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        if (blocked.size > 10_000) blocked.clear();
        blocked.set(address, Date.now() + e.msBeforeNext);
        return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      }
    },
    close: () => pool.end(),
  };
}
