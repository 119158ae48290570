import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('runs the sandbox out of the box, on port 3000 with ./data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const c = loadConfig({ env: {}, cwd: dir });
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(join(dir, 'data'));
    expect(c.plugins.map((p) => p.package)).toEqual(['@brevdue/plugin-sandbox', '@brevdue/plugin-sandbox/register']);
    expect(c.routing[0]?.provider).toBe('sandbox');
  });
  it('reads the file named by BREVDUE_CONFIG and lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'x.json');
    writeFileSync(file, JSON.stringify({ port: 4000, dataDir: 'var', plugins: [], routing: [] }));
    const c = loadConfig({ env: { BREVDUE_CONFIG: file, PORT: '5000', BREVDUE_DATA_DIR: '/srv/brevdue' }, cwd: dir });
    expect(c.port).toBe(5000);
    expect(c.dataDir).toBe('/srv/brevdue');
    expect(c.plugins).toEqual([]);
  });
  it('names the file and the field that is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'brevdue.config.json');
    writeFileSync(file, JSON.stringify({ workers: { concurrency: 0 } }));
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/brevdue\.config\.json[\s\S]*workers\.concurrency/);
    expect(() => loadConfig({ env: { BREVDUE_CONFIG: join(dir, 'missing.json') }, cwd: dir })).toThrow(ConfigError);
    writeFileSync(file, '{ not json');
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/not valid JSON/);
  });
  it('says on which line and column broken JSON breaks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'brevdue.config.json'), '{\n  "port": 3001,\n  "dataDir": "x",,\n}');
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/brevdue\.config\.json, line 3, column 18: not valid JSON/);
  });
  it('refuses a misspelt key, naming it and the key it was probably meant to be', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'brevdue.config.json'), JSON.stringify({ prot: 3001 }));
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/prot: unknown setting \(did you mean "port"\?\)/);
    writeFileSync(join(dir, 'brevdue.config.json'), JSON.stringify({ workers: { concurency: 4 } }));
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/workers: Unrecognized key: "concurency"/);
  });
});
