/**
 * @module
 * One code path to the database: `databaseUrl` when configured, else the embedded server.
 * Migrations run with Kysely's migrator.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config-schema.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrations } from './migrations/index.ts';
import { PreparingClient } from './prepared-statements.ts';
import type { Database } from './schema.ts';

// bigint (int8) as number: our counts and byte sizes stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DatabaseHandle {
  db: Kysely<Database>;
  url: string;
  close(): Promise<void>;
}

export async function connectDatabase(config: Config, logger: Logger, opts: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  let url = config.databaseUrl;
  let stopServer = async () => {};
  if (!url) {
    const server = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, logger);
    url = server.url;
    stopServer = server.stop;
  }
  const db = openPool(url, logger, opts.poolSize ?? 20);
  return {
    db,
    url,
    close: async () => {
      await db.destroy();
      await stopServer();
    },
  };
}

/** A pool of `max` connections to `url`, statements prepared once per connection. */
export function openPool(url: string, logger: Logger, max: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max, Client: PreparingClient });
  // An idle connection the server closes (a restart, a failover, our own shutdown) is an
  // error event on the pool; unheard, it would end the process. The pool replaces the client.
  pool.on('error', (err) => logger.warn({ err }, 'database connection lost; the pool opens a new one'));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Brings the schema up to date. Safe to run from several processes at once (the migrator locks). */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed)
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
}
