/**
 * @module
 * Durable key-value state for plugins, in the `plugin_state` table (shared by all processes),
 * and locks shared by all processes: PostgreSQL advisory locks held by a transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { PluginState } from '@brevdue/shared/sdk';
import type { Database } from '../db/schema.ts';

export function createPluginState(db: Kysely<Database>, plugin: string): PluginState {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const row = await db
        .selectFrom('plugin_state')
        .select('value')
        .where('plugin', '=', plugin)
        .where('key', '=', key)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirst();
      return row?.value as T | undefined;
    },
    async set(key, value, ttlSeconds) {
      const expires_at = ttlSeconds === undefined ? null : new Date(Date.now() + ttlSeconds * 1000);
      await db
        .insertInto('plugin_state')
        .values({ plugin, key, value: JSON.stringify(value), expires_at })
        .onConflict((oc) => oc.columns(['plugin', 'key']).doUpdateSet({ value: JSON.stringify(value), expires_at }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('plugin_state').where('plugin', '=', plugin).where('key', '=', key).execute();
    },
    withLock(key, fn) {
      // Released when the transaction ends, also when the process dies mid-way.
      return db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtextextended(${`plugin:${plugin}:${key}`}, 0))`.execute(trx);
        return fn();
      });
    },
  };
}
