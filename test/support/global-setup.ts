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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const server = await startPostgresServer();
  project.provide('pgAdminUrl', server.adminUrl);
  process.env.BREVDUE_TEST_PG_ADMIN_URL = server.adminUrl;
  return () => server.stop();
}
