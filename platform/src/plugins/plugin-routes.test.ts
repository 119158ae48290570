/**
 * `GET /v1/plugins` on a real platform over HTTP (admins only; kind, channels, routing and
 * whether the config holds, never a config value), and how a config that does not hold is told:
 * by field and in words, without the values it was given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginList } from '@brevdue/shared/api';
import { type TestPlatform, startTestPlatform } from '../../../test/support/platform.ts';
import { loadConfig } from '../config/load-config.ts';
import { describePlugins } from './describe-plugins.ts';

const SECRET = 'callback-secret-do-not-show-7f3a9c';
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ workers: false, sandboxConfig: { callbackSecret: SECRET } });
});
afterAll(() => p?.close());

describe('GET /v1/plugins', () => {
  it('lists the sandbox provider with its kind, channels, routing and config status, and no config value', async () => {
    const res = await p.api('/v1/plugins');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(p.sandbox!.url);
    const { plugins } = JSON.parse(text) as PluginList;
    const sandbox = plugins.find((x) => x.name === 'sandbox')!;
    expect(sandbox).toMatchObject({
      package: '@brevdue/plugin-sandbox',
      kind: 'provider',
      channels: ['digital', 'print', 'sms'],
      config: { status: 'ok' },
    });
    expect(sandbox.capabilities).toContain('replies');
    expect(sandbox.routes).toEqual([{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'] }]);
    expect(plugins.map((x) => x.package)).toEqual(['@brevdue/plugin-sandbox']);
  });

  it('adds, when asked, the plugins installed but not configured', async () => {
    const { plugins } = (await (await p.api('/v1/plugins?installed=true')).json()) as PluginList;
    expect(plugins[0]!.name).toBe('sandbox');
    // Installed in the workspace but not in this config: shown as such.
    expect(plugins.find((x) => x.package === '@brevdue/plugin-digipost')).toMatchObject({
      kind: 'provider',
      config: { status: 'not_configured' },
    });
    expect(plugins.filter((x) => x.package === '@brevdue/plugin-sandbox')).toHaveLength(1);
  });

  it('is for admins only', async () => {
    for (const role of ['sender', 'teamlead', 'archivist', 'auditor'] as const)
      expect({ role, status: (await p.api('/v1/plugins', { token: await p.tokenFor(role) })).status }).toEqual({ role, status: 403 });
  });
});

describe('describePlugins', () => {
  it('tells a config that does not hold by field, without repeating the values it was given', async () => {
    const config = loadConfig({
      env: {},
      override: {
        databaseUrl: 'postgres://unused',
        plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: 'not a url s3cr3t', callbackSecret: 'short-s3cr3t' } }],
        routing: [],
      },
    });
    const [sandbox] = await describePlugins(config);
    expect(sandbox!.config.status).toBe('invalid');
    const problems = sandbox!.config.status === 'invalid' ? sandbox!.config.problems : [];
    expect(problems.map((x) => x.field).sort()).toEqual(['plugins.0.config.callbackSecret', 'plugins.0.config.url']);
    expect(problems.find((x) => x.field.endsWith('callbackSecret'))!.message).toContain('at least 16 characters');
    expect(JSON.stringify(sandbox)).not.toMatch(/s3cr3t/);
  });

  it('tells a package that is not installed how to install it', async () => {
    const config = loadConfig({
      env: {},
      override: { databaseUrl: 'postgres://unused', plugins: [{ package: '@brevdue/plugin-nowhere', config: {} }], routing: [] },
    });
    const [missing] = await describePlugins(config);
    expect(missing).toMatchObject({ kind: null, config: { status: 'unloadable' } });
    expect(missing!.config.status === 'unloadable' && missing!.config.message).toContain('npm install @brevdue/plugin-nowhere');
  });
});
