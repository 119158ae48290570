/**
 * CI trusts vitest's exit code. The suite's global setup starts embedded PostgreSQL, whose exit
 * hook once turned a failed run's exit code 1 into 0; a run with a failing check must exit 1.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const vitest = createRequire(import.meta.url).resolve('vitest/vitest.mjs');

it('a run with a failing test exits non-zero, with the embedded PostgreSQL of the global setup', () => {
  const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'test/fixtures/vitest/vitest.config.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 120_000,
  });
  expect(r.stdout + r.stderr).toMatch(/1 failed/);
  expect(r.status).toBe(1);
}, 150_000);
