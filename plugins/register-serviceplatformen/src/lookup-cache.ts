/**
 * @module
 * Look-up answers cached in the plugin's shared state with a TTL. Keys never hold a CPR number in
 * clear, nor a plain hash of one (ten digits with a date are quickly brute-forced): a key is an
 * HMAC-SHA256 under a random secret made once per installation and kept in the same state.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { PluginState } from '@brevdue/shared/sdk';

const SECRET_KEY = 'cache-key-secret';

/** A TTL cache over plugin state. */
export interface LookupCache {
  /** The cached answer for (kind, id), or undefined. */
  get<T>(kind: string, id: string): Promise<T | undefined>;
  set(kind: string, id: string, value: unknown): Promise<void>;
}

/**
 * A cache over `state`; with `ttlSeconds` 0 it stores nothing.
 * @example const cache = lookupCache(ctx.state, 3600); await cache.set('guardians', cpr, holders);
 */
export function lookupCache(state: PluginState, ttlSeconds: number): LookupCache {
  let secret: Promise<Buffer> | undefined;
  const key = async (kind: string, id: string) => {
    // Made once under a lock shared by all processes, so they all derive the same keys.
    secret ??= state.withLock(SECRET_KEY, async () => {
      const have = await state.get<string>(SECRET_KEY);
      if (have) return Buffer.from(have, 'base64');
      const made = randomBytes(32);
      await state.set(SECRET_KEY, made.toString('base64'));
      return made;
    });
    secret.catch(() => (secret = undefined));
    return `${kind}:${createHmac('sha256', await secret)
      .update(id)
      .digest('base64url')}`;
  };
  return {
    async get<T>(kind: string, id: string) {
      return ttlSeconds > 0 ? state.get<T>(await key(kind, id)) : undefined;
    },
    async set(kind, id, value) {
      if (ttlSeconds > 0) await state.set(await key(kind, id), value, ttlSeconds);
    },
  };
}
