/**
 * @module
 * Lets pg-boss write its jobs through a Kysely transaction, so jobs are enqueued atomically
 * with the rows they are about.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function bossDb(trx: Kysely<Database>): BossDb {
  return {
    executeSql: async (text, values = []) => {
      const r = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows };
    },
  };
}
