// @ts-check
// The licence check over a small made-up installation: a lockfile, installed package.json files, an exceptions file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED, checkLicences, installedPackages, readExceptions, spdxAllows, workspacePackages } from './check-licences.mjs';

describe('spdxAllows', () => {
  it.each([
    ['MIT', true],
    ['(MIT OR GPL-3.0-or-later)', true],
    ['(BSD-3-Clause OR GPL-2.0)', true],
    ['(MIT AND Zlib)', true],
    ['Apache-2.0 WITH LLVM-exception', true],
    ['(MIT AND GPL-3.0)', false],
    ['GPL-3.0-only', false],
    ['AGPL-3.0', false],
    ['SSPL-1.0', false],
    ['LGPL-2.1', false],
    ['http://example.org/LICENSE.txt', false],
    ['SEE LICENSE IN LICENSE.md', false],
    ['(MIT OR', false],
    ['', false],
  ])('%s → %s', (expression, ok) => {
    expect(spdxAllows(expression, ALLOWED)).toBe(ok);
  });
});

describe('checkLicences over an installation', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'brevdue-licences-'));
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', workspaces: ['lib'] },
        lib: { name: '@app/lib', version: '1.0.0' },
        'node_modules/@app/lib': { resolved: 'lib', link: true },
        'node_modules/ok': { version: '1.0.0', license: 'MIT' },
        'node_modules/dual': { version: '1.0.0', license: '(BSD-3-Clause OR GPL-2.0)' },
        'node_modules/gpl': { version: '2.0.0', license: 'GPL-3.0', dev: true },
        'node_modules/old-style': { version: '0.1.0' },
        'node_modules/mit-text': { version: '0.2.0' },
        'node_modules/silent': { version: '0.3.0' },
        'node_modules/ok/node_modules/nested': { version: '3.0.0', license: 'AGPL-3.0' },
      },
    };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', license: 'MPL-2.0' }));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'lib', 'package.json'), JSON.stringify({ name: '@app/lib' }));
    const pkg = (/** @type {string} */ name, /** @type {object} */ json, /** @type {string} */ licenceFile = '') => {
      mkdirSync(join(root, 'node_modules', name), { recursive: true });
      writeFileSync(join(root, 'node_modules', name, 'package.json'), JSON.stringify(json));
      if (licenceFile) writeFileSync(join(root, 'node_modules', name, 'LICENSE'), licenceFile);
    };
    pkg('old-style', { name: 'old-style', licenses: [{ type: 'MIT', url: 'x' }] });
    pkg(
      'mit-text',
      { name: 'mit-text' },
      'MIT\n\nPermission is hereby granted, free of charge, to any person\nobtaining a copy of this software',
    );
    pkg('silent', { name: 'silent' });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads licences from the lockfile, old `licenses` arrays and MIT text, and flags the rest', () => {
    const installed = installedPackages(root);
    expect(installed.map((p) => [p.name, p.licence])).toEqual([
      ['ok', 'MIT'],
      ['dual', '(BSD-3-Clause OR GPL-2.0)'],
      ['gpl', 'GPL-3.0'],
      ['old-style', 'MIT'],
      ['mit-text', 'MIT'],
      ['silent', undefined],
      ['nested', 'AGPL-3.0'],
    ]);
    const { findings } = checkLicences(installed, workspacePackages(root), new Map());
    expect(findings.map((f) => f.package)).toEqual([
      'gpl@2.0.0 (node_modules/gpl, dev)',
      'silent@0.3.0 (node_modules/silent)',
      'nested@3.0.0 (node_modules/ok/node_modules/nested)',
      'lib/package.json',
    ]);
    expect(findings.at(-1)?.problem).toContain('set it to "MPL-2.0"');
  });

  it('clears a package by a reasoned exception for its exact version, and reports stale exceptions', () => {
    const file = join(root, 'exceptions.json');
    writeFileSync(
      file,
      JSON.stringify({
        packages: {
          'silent@0.3.0': { licence: 'MIT', reason: 'README states MIT; reviewed by hand' },
          'gone@1.0.0': { licence: 'MIT', reason: 'was used by an old dependency' },
        },
      }),
    );
    const { findings, used, unusedExceptions } = checkLicences(installedPackages(root), [], readExceptions(file));
    expect(used).toEqual(['silent@0.3.0']);
    expect(unusedExceptions).toEqual(['gone@1.0.0']);
    expect(findings.map((f) => f.package)).not.toContain('silent@0.3.0 (node_modules/silent)');
  });

  it('refuses an exception without a reason, naming the entry and the field', () => {
    const file = join(root, 'bad.json');
    writeFileSync(file, JSON.stringify({ packages: { 'gpl@2.0.0': { licence: 'GPL-3.0' } } }));
    expect(() => readExceptions(file)).toThrow(/"gpl@2.0.0" needs "licence" .* and "reason"/);
  });
});
