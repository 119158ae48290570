/**
 * Plugins as IT installs them: a third-party package named only in the config, routing by
 * configuration, and configs that are refused at start-up with the field named.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type ConfigInput, createLogger, createRuntime, loadConfig } from '@brevdue/platform';
import { runCli } from '../support/brevdue-process.ts';
import { createTestDatabase } from '../support/database.ts';
import { type TestPlatform, startTestPlatform, uploadPdf, waitForFinal } from '../support/platform.ts';

const folder = mkdtempSync(join(tmpdir(), 'brevdue-print-drop-'));

describe('a third-party plugin installed with npm and named in the config', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({
      extraPlugins: [{ package: 'brevdue-plugin-print-folder', name: 'printshop', config: { folder } }],
      routing: [
        { recipientTypes: ['CPR', 'CVR'], channels: ['digital'], provider: 'sandbox' },
        { recipientTypes: ['CPR', 'CVR'], channels: ['print'], provider: 'printshop' },
      ],
    });
  });
  afterAll(async () => p?.close());

  it('routes print to the third-party plugin and digital to the sandbox', async () => {
    expect([...p.runtime.plugins.providers.keys()]).toEqual(['sandbox', 'printshop']);
    const doc = await uploadPdf(p, MINIMAL_PDF);
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Brev',
        mainDocument: doc,
        recipients: [
          { idType: 'CPR', id: '0101904321' },
          { idType: 'CPR', id: '0101701111' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const done = await waitForFinal(p, ((await res.json()) as { id: string }).id);
    const byProvider = Object.fromEntries(done.letters.map((l) => [l.provider, l]));
    expect(byProvider.sandbox!.status).toBe('delivered_digital');
    expect(byProvider.printshop!.status).toBe('delivered_print');
    expect(readdirSync(folder)).toEqual([`${byProvider.printshop!.messageId}.pdf`]);
    expect(existsSync(join(folder, `${byProvider.printshop!.messageId}.pdf`))).toBe(true);
  });
});

describe('configs refused at start-up, naming the field', () => {
  const attempt = async (override: Partial<ConfigInput>) => {
    const config = loadConfig({
      env: {},
      override: { databaseUrl: await createTestDatabase('cfg'), dataDir: mkdtempSync(join(tmpdir(), 'brevdue-cfg-')), ...override },
    });
    const rt = await createRuntime(config, { role: 'cli', logger: createLogger('silent') });
    await rt.close();
  };
  it('refuses a plugin config that fails the plugin schema', async () => {
    await expect(attempt({ plugins: [{ package: 'brevdue-plugin-print-folder', config: { folder: 42 } }], routing: [] })).rejects.toThrow(
      /plugins\.0\.config\.folder/,
    );
  });
  it('refuses a plugin that is not installed, saying how to install it', async () => {
    await expect(attempt({ plugins: [{ package: 'brevdue-plugin-does-not-exist', config: {} }], routing: [] })).rejects.toThrow(
      /npm install brevdue-plugin-does-not-exist/,
    );
  });
  it('refuses routing to a provider that is not configured', async () => {
    await expect(
      attempt({ plugins: [], routing: [{ recipientTypes: ['CPR'], channels: ['digital'], provider: 'nobody' }] }),
    ).rejects.toThrow(/routing\.0\.provider/);
  });
  it('refuses routing a channel the provider does not have', async () => {
    await expect(
      attempt({
        plugins: [{ package: 'brevdue-plugin-print-folder', name: 'printshop', config: { folder } }],
        routing: [{ recipientTypes: ['CPR'], channels: ['digital'], provider: 'printshop' }],
      }),
    ).rejects.toThrow(/routing\.0\.channels/);
  });
  it('refuses a bad top-level value', () => {
    expect(() => loadConfig({ env: { PORT: 'abc' }, override: {} })).toThrow(/port/);
  });
});

describe('brevdue CLI', () => {
  it('config check names the field of a bad config and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brevdue-cli-'));
    const file = join(dir, 'brevdue.config.json');
    writeFileSync(file, JSON.stringify({ plugins: [{ package: 'brevdue-plugin-print-folder', config: {} }], routing: [] }));
    const r = await runCli(['config', 'check'], file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugins\.0\.config\.folder/);
  });
  it('plugins list shows kind, channels and config validity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brevdue-cli-'));
    const file = join(dir, 'brevdue.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        plugins: [
          { package: '@brevdue/plugin-sandbox', config: {} },
          { package: 'brevdue-plugin-print-folder', config: { folder } },
        ],
        routing: [],
      }),
    );
    const { stdout, code } = await runCli(['plugins', 'list', '--json'], file);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { name: string; kind: string; channels: string; config: string }[];
    expect(rows.slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'sandbox', kind: 'provider', channels: 'digital,print,sms', config: 'ok' }),
      expect.objectContaining({ name: 'print-folder', kind: 'provider', channels: 'print', config: 'ok' }),
    ]);
    // Installed but not in the config: listed as such.
    expect(rows.slice(2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ package: '@brevdue/plugin-digipost', kind: 'provider', config: 'not configured' }),
        expect.objectContaining({ package: '@brevdue/archive-ludus', kind: 'archive', config: 'not configured' }),
      ]),
    );
  });
});
