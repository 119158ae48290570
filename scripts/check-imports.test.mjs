// @ts-check
// Runs the real dependency-cruiser with the repository's .dependency-cruiser.cjs over a small tree that breaks each rule.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, findFolderCycles, folderOf } from './check-imports.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @type {Record<string, string>} path → source; every arrow below is one the rules forbid, unless the comment says allowed */
const TREE = {
  'shared/src/index.ts': "import { start } from '../../platform/src/app/start.ts';\nexport const x = start;\n",
  'shared/src/sdk.ts': 'export type Plugin = { name: string };\n',
  'platform/src/app/start.ts': "import { ok } from '../../../plugins/a/src/index.ts';\nexport const start = ok;\n",
  'platform/src/app/serve.ts': "import { db } from '../../../test/support/db.ts';\nexport const serve = db;\n",
  // Allowed: a platform test may use test support.
  'platform/src/app/serve.test.ts': "import { db } from '../../../test/support/db.ts';\nexport const t = db;\n",
  // A value cycle between folders: letters → jobs → letters.
  'platform/src/letters/send.ts': "import { enqueue } from '../jobs/enqueue.ts';\nexport const send = () => enqueue();\n",
  'platform/src/jobs/enqueue.ts': "import { LETTER } from '../letters/names.ts';\nexport const enqueue = () => LETTER;\n",
  'platform/src/letters/names.ts': "export const LETTER = 'letter';\n",
  // Only a type goes back: archive → auth (value), auth → archive (type-only): no cycle.
  'platform/src/archive/read.ts':
    "import { check } from '../auth/check.ts';\nexport type Record = { id: string };\nexport const read = check;\n",
  'platform/src/auth/check.ts': "import type { Record } from '../archive/read.ts';\nexport const check = (r?: Record) => r;\n",
  // Allowed: a plugin imports shared and its own files.
  'plugins/a/src/index.ts':
    "import type { Plugin } from '../../../shared/src/sdk.ts';\nimport { y } from './y.ts';\nexport const ok: Plugin = { name: y };\n",
  'plugins/a/src/y.ts': "export const y = 'a';\n",
  'plugins/b/src/index.ts':
    "import { ok } from '../../a/src/index.ts';\nimport { start } from '../../../platform/src/app/start.ts';\nexport const b = [ok, start];\n",
  'addins/src/pane.ts': "import { start } from '../../platform/src/app/start.ts';\nexport const p = start;\n",
  'test/support/db.ts': "export const db = 'db';\n",
  'manifests/src/cli.ts': "import { missing } from './missing.ts';\nexport const m = missing;\n",
};

let dir = '';
/** @type {import('./check-imports.mjs').CruiseResult} */
let result;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brevdue-imports-'));
  for (const [path, source] of Object.entries(TREE)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }));
  result = cruise(dir, ['shared', 'platform', 'plugins', 'addins', 'manifests', 'test']);
  // A real dependency-cruiser run: a few seconds, longer on a busy machine.
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the forbidden arrows', () => {
  const arrows = () => result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

  it('reports each forbidden import once, and nothing that is allowed', () => {
    expect(arrows()).toEqual([
      'addins-import-only-shared: addins/src/pane.ts → platform/src/app/start.ts',
      'not-to-unresolvable: manifests/src/cli.ts → ./missing.ts',
      'platform-code-imports-no-tests: platform/src/app/serve.ts → test/support/db.ts',
      'platform-imports-no-plugin: platform/src/app/start.ts → plugins/a/src/index.ts',
      'plugin-imports-only-shared: plugins/b/src/index.ts → platform/src/app/start.ts',
      'plugin-imports-only-shared: plugins/b/src/index.ts → plugins/a/src/index.ts',
      'shared-imports-no-sibling: shared/src/index.ts → platform/src/app/start.ts',
    ]);
  });
});

describe('findFolderCycles', () => {
  it('finds the value cycle between letters and jobs, and not the one closed only by a type', () => {
    const cycles = findFolderCycles(result.modules, 'platform/src');
    expect(cycles.map((c) => c.folders)).toEqual([['jobs', 'letters']]);
    expect(cycles[0]?.links).toEqual([
      { from: 'platform/src/jobs/enqueue.ts', to: 'platform/src/letters/names.ts' },
      { from: 'platform/src/letters/send.ts', to: 'platform/src/jobs/enqueue.ts' },
    ]);
  });

  it('finds a three-folder cycle and leaves test files out', () => {
    /** @param {string} source @param {string[]} to @param {string[]} [types] */
    const mod = (source, to, types = ['local', 'import']) => ({
      source,
      dependencies: to.map((t) => ({ module: t, resolved: t, dependencyTypes: types })),
    });
    const modules = [
      mod('p/a/x.ts', ['p/b/x.ts']),
      mod('p/b/x.ts', ['p/c/x.ts']),
      mod('p/c/x.ts', ['p/a/x.ts']),
      mod('p/d/x.ts', ['p/e/x.ts']),
      mod('p/e/x.test.ts', ['p/d/x.ts']),
      mod('p/f/x.ts', ['p/g/x.ts']),
      mod('p/g/x.ts', ['p/f/x.ts'], ['local', 'type-only', 'import']),
    ];
    expect(findFolderCycles(modules, 'p').map((c) => c.folders)).toEqual([['a', 'b', 'c']]);
  });

  it('names the first folder under the base', () => {
    expect(folderOf('platform/src/letters/deep/send.ts', 'platform/src')).toBe('letters');
    expect(folderOf('platform/src/index.ts', 'platform/src')).toBe('(root)');
    expect(folderOf('platform/srcx/a.ts', 'platform/src')).toBeUndefined();
  });
});
