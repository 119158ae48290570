/**
 * @module
 * A real platform for end-to-end tests: its own database on the run's PostgreSQL, its own data
 * dir, the sandbox provider against a real sandbox simulator, the HTTP server on a free port and
 * in-process workers. Logs are captured so tests can read them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import sandbox from '@brevdue/plugin-sandbox';
import type { SimulatorSettingsPatch } from '@brevdue/plugin-sandbox';
import type { ShipmentView } from '@brevdue/shared/api';
import type { RunningSimulator } from '@brevdue/shared/sdk';
import {
  type ConfigInput,
  type Runtime,
  createApiToken,
  createLogger,
  createRuntime,
  ensureOrganisation,
  loadConfig,
  startServer,
} from '@brevdue/platform';
import { createTestDatabase } from './database.ts';

/** Brevdue's roles. */
export type Role = 'sender' | 'teamlead' | 'archivist' | 'auditor' | 'admin';

export interface TestPlatform {
  url: string;
  /** Admin token of the default organisation. */
  token: string;
  runtime: Runtime;
  /** The sandbox simulator (unless disabled). */
  sandbox?: RunningSimulator;
  /** Every log line the platform wrote, as JSON text. */
  logs: string[];
  dataDir: string;
  databaseUrl: string;
  /** fetch against the platform with the admin token (override `authorization` to change). */
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  /** Creates another organisation and a token of the given role for it. */
  createOrganisation(slug: string, role?: Role): Promise<{ token: string; organisationId: string }>;
  /** A token for the default organisation with another role (acting for a team, when given). */
  tokenFor(role: Role, opts?: { team?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface TestPlatformOptions {
  /** Config on top of the test defaults (plugins/routing replace the sandbox ones). */
  config?: Partial<ConfigInput>;
  /** Sandbox simulator settings, or false for no sandbox. */
  sandbox?: SimulatorSettingsPatch | false;
  /** Sandbox plugin config on top of `{ url }`. */
  sandboxConfig?: Record<string, unknown>;
  /** The sandbox entry's `concurrency` (sends in flight per process), instead of the plugin's own. */
  sandboxConcurrency?: number;
  workers?: boolean;
  /**
   * More plugin entries after the sandbox. A function receives the platform's data dir, so a
   * config can point at files a simulator writes under `<dataDir>/simulators/<name>/`.
   */
  extraPlugins?: NonNullable<ConfigInput['plugins']> | ((dataDir: string) => NonNullable<ConfigInput['plugins']>);
  /** Routing instead of "everything to the sandbox". */
  routing?: ConfigInput['routing'];
}

export async function startTestPlatform(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  const databaseUrl = await createTestDatabase('e2e');
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-e2e-'));
  const port = await freePort();
  let sim: RunningSimulator | undefined;
  if (opts.sandbox !== false) {
    sim = await sandbox.simulator!.start({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dataDir, 'sandbox-sim'),
      settings: opts.sandbox ?? {},
    });
  }
  const logs: string[] = [];
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
  );
  const config = loadConfig({
    env: {},
    override: {
      databaseUrl,
      dataDir,
      port,
      host: '127.0.0.1',
      publicUrl: `http://127.0.0.1:${port}`,
      logLevel: 'debug',
      plugins: [
        ...(sim
          ? [
              {
                package: '@brevdue/plugin-sandbox',
                config: { url: sim.url, ...(opts.sandboxConfig ?? {}) },
                ...(opts.sandboxConcurrency ? { concurrency: opts.sandboxConcurrency } : {}),
              },
            ]
          : []),
        ...(typeof opts.extraPlugins === 'function' ? opts.extraPlugins(dataDir) : (opts.extraPlugins ?? [])),
      ],
      routing:
        opts.routing ??
        (sim ? [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }] : []),
      workers: { inProcess: true, concurrency: 32, pollIntervalSeconds: 1 },
      ...opts.config,
    },
  });
  const runtime = await createRuntime(config, { role: 'api', startSimulators: true, logger });
  const server = await startServer(runtime, { port, host: '127.0.0.1', workers: opts.workers ?? true });
  const orgId = await ensureOrganisation(runtime.db, config.defaultOrganisation);
  const { token } = await createApiToken(runtime.db, { organisationId: orgId, role: 'admin', name: 'test' });
  const url = server.url;
  return {
    url,
    token,
    runtime,
    sandbox: sim,
    logs,
    dataDir,
    databaseUrl,
    api: (path, init = {}) => {
      const headers = new Headers(init.headers);
      const t = init.token === undefined ? token : init.token;
      if (t !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${t}`);
      if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...init, headers });
    },
    async createOrganisation(slug, role = 'admin') {
      const organisationId = await ensureOrganisation(runtime.db, { slug, name: `Org ${slug}`, cvr: '29189846' });
      const t = await createApiToken(runtime.db, { organisationId, role, name: 'test' });
      return { token: t.token, organisationId };
    },
    async tokenFor(role, tokenOpts = {}) {
      return (await createApiToken(runtime.db, { organisationId: orgId, role, name: `test-${role}`, team: tokenOpts.team ?? null })).token;
    },
    async close() {
      await server.close();
      await runtime.close();
      await sim?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value or the time is up (a wait, not a timing assertion). */
export async function waitFor<T>(fn: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Uploads a PDF and returns its document id. */
export async function uploadPdf(p: TestPlatform, body: Buffer, filename = 'brev.pdf', token?: string): Promise<string> {
  const res = await p.api('/v1/documents', {
    ...(token ? { token } : {}),
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}` },
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Waits until every letter of a shipment is final and returns the shipment. */
export async function waitForFinal(p: TestPlatform, shipmentId: string, timeoutMs = 60_000): Promise<ShipmentView> {
  return waitFor(
    async () => {
      const s = (await (await p.api(`/v1/shipments/${shipmentId}`)).json()) as ShipmentView;
      return s.status === 'completed' ? s : undefined;
    },
    `shipment ${shipmentId} to complete`,
    timeoutMs,
  );
}
