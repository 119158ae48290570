/**
 * @module
 * Pieces of the archive end-to-end test: the three archive-target simulators (started by the
 * test, so they outlive a platform process), a pass-through proxy that can "lose" one answer
 * while the platform waits for it, and `brevdue worker` child processes that can be SIGKILLed.
 */
import { mkdirSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import getOrganized from '@brevdue/archive-getorganized';
import ludus from '@brevdue/archive-ludus';
import sbsys from '@brevdue/archive-sbsys';
import type { RunningSimulator, Simulator } from '@brevdue/shared/sdk';
import { freePort, waitFor } from '../support/platform.ts';
export { BREVDUE_BIN, type BrevdueProcess, runCli, startBrevdueProcess } from '../support/brevdue-process.ts';

export interface ArchiveSimulators {
  getorganized: RunningSimulator;
  sbsys: RunningSimulator;
  ludus: RunningSimulator;
  /** The LUDUS drop folder the target writes to and the simulator reads. */
  ludusDropDir: string;
  close(): Promise<void>;
}

/** Starts the GetOrganized, SBSYS and LUDUS simulators on fixed free ports, state under `dir`. */
export async function startArchiveSimulators(dir: string): Promise<ArchiveSimulators> {
  const start = async (def: { simulator?: Simulator }, name: string, settings: Record<string, unknown> = {}) => {
    const dataDir = join(dir, name);
    mkdirSync(dataDir, { recursive: true });
    return def.simulator!.start({ port: await freePort(), host: '127.0.0.1', dataDir, settings });
  };
  const go = await start(getOrganized, 'getorganized');
  const sb = await start(sbsys, 'sbsys');
  const lu = await start(ludus, 'ludus');
  return {
    getorganized: go,
    sbsys: sb,
    ludus: lu,
    ludusDropDir: String((lu.info as { dropDir: string }).dropDir),
    async close() {
      await Promise.all([go.close(), sb.close(), lu.close()]);
    },
  };
}

/** The three archive-target plugin entries, all exporting automatically. */
export function archivePluginEntries(urls: { getorganized: string; sbsys: string; ludusDropDir: string }) {
  return [
    {
      name: 'getorganized',
      package: '@brevdue/archive-getorganized',
      autoExport: true,
      config: {
        baseUrl: urls.getorganized,
        username: 'brevdue',
        password: 'brevdue-sim',
        domain: 'KOMMUNE',
        caseTypePrefix: 'BOR',
        listName: 'Dokumenter',
        relationTypeId: 1,
        finalize: true,
      },
    },
    {
      name: 'sbsys',
      package: '@brevdue/archive-sbsys',
      autoExport: true,
      config: {
        baseUrl: urls.sbsys,
        tokenUrl: `${urls.sbsys}/token`,
        clientId: 'brevdue',
        clientSecret: 'brevdue-secret',
        username: 'svc-brevdue',
        password: 'brevdue-sim',
        templateId: 1,
        caseworkerId: 1,
        caseTitle: 'Digital post (Brevdue)',
      },
    },
    { name: 'ludus', package: '@brevdue/archive-ludus', autoExport: true, config: { dropDir: urls.ludusDropDir } },
  ];
}

/**
 * A pass-through HTTP proxy in front of a remote. Armed with `holdNext(match)`, it forwards the
 * next matching request (the remote does the work) and then never answers: the caller is left
 * waiting for an answer that is lost, the moment a crash of the caller is most dangerous.
 */
export interface HoldingProxy {
  url: string;
  /** Resolves once a matching request has been done by the remote and its answer withheld. */
  holdNext(match: (method: string, path: string) => boolean): Promise<{ method: string; path: string; upstreamStatus: number }>;
  close(): Promise<void>;
}

export async function startHoldingProxy(upstream: string): Promise<HoldingProxy> {
  let hold:
    | { match: (m: string, p: string) => boolean; resolve: (v: { method: string; path: string; upstreamStatus: number }) => void }
    | undefined;
  const sockets = new Set<Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)) continue;
      headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const up = await fetch(`${upstream}${path}`, { method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
    const body = Buffer.from(await up.arrayBuffer());
    const h = hold;
    if (h && h.match(method, path.split('?')[0]!)) {
      hold = undefined;
      // The remote did it; the answer never comes back.
      h.resolve({ method, path, upstreamStatus: up.status });
      return;
    }
    const out: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'keep-alive'].includes(k)) out[k] = v;
    });
    res.writeHead(up.status, out).end(body);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${e.message}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    holdNext(match) {
      return new Promise((resolve) => {
        hold = { match, resolve };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A `brevdue worker` process (dispatch, archiving and export workers) on the given config file. */

/** Waits for JSON from a URL to satisfy `ok` (a wait, not a timing assertion). */
export async function waitForJson<T>(url: string, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  return waitFor(
    async () => {
      const v = (await (await fetch(url)).json()) as T;
      return ok(v) ? v : undefined;
    },
    what,
    timeoutMs,
  );
}
