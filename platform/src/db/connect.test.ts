import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { loadConfig } from '../config/load-config.ts';
import { connectDatabase } from './connect.ts';

describe('connectDatabase', () => {
  it('outlives the server closing its idle connections (a restart, a failover)', async () => {
    const url = await createTestDatabase('conn');
    const config = loadConfig({ env: {}, override: { databaseUrl: url, dataDir: mkdtempSync(join(tmpdir(), 'conn-')) } });
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const dbh = await connectDatabase(config, logger);
    try {
      // Three idle connections in the pool...
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(dbh.db)));
      // ...which the server then ends, as a restart would.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      await admin.end();
      await new Promise((r) => setTimeout(r, 200));
      // The process is still here (an unheard pool error would have ended it) and the pool serves again.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(dbh.db);
      expect(rows[0]!.one).toBe(1);
      expect(warnings.join('')).toContain('database connection lost');
    } finally {
      await dbh.close();
    }
  });
});
