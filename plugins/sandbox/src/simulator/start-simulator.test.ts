import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimulator } from './start-simulator.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'brevdue-sandbox-'));

describe('startSimulator', () => {
  it('listens on a free port, applies start-up settings and closes with connections open', async () => {
    const sim = await startSimulator({
      port: 0,
      dataDir: dataDir(),
      settings: { latencyMs: 1, registrations: { 'CPR:0101904321': 'exempt' } },
    });
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const settings = (await (await fetch(`${sim.url}/settings`)).json()) as { latencyMs: number; registrations: Record<string, unknown> };
    expect(settings.latencyMs).toBe(1);
    // Start-up registrations are merged over the documented test recipients.
    expect(settings.registrations).toMatchObject({ 'CPR:0101904321': 'exempt', 'CPR:0101701111': { registration: 'not_registered' } });
    await sim.close();
    await expect(fetch(`${sim.url}/stats`)).rejects.toThrow();
  });

  it('refuses invalid settings naming the setting', async () => {
    await expect(startSimulator({ port: 0, dataDir: dataDir(), settings: { lostAckRate: -1 } })).rejects.toThrow(/"lostAckRate"/);
  });

  it('refuses a port in use', async () => {
    const sim = await startSimulator({ port: 0, dataDir: dataDir() });
    const port = Number(new URL(sim.url).port);
    await expect(startSimulator({ port, dataDir: dataDir() })).rejects.toThrow(/EADDRINUSE/);
    await sim.close();
  });
});
