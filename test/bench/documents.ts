/**
 * @module
 * Document intake figures: a 99 MB PDF uploaded through `POST /v1/documents` (throughput and
 * the peak memory growth of the process doing it), the time to find recipients in a 100-page
 * merge letter, and how fast `/health` answers over HTTP while hostile PDFs (20,000 blank pages,
 * a 100 MB inflate bomb) are being read and refused by a running platform.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresServer } from '../support/start-postgres-server.ts';
import pg from 'pg';
import { createApiToken, createLogger, createRuntime, ensureOrganisation, loadConfig, startServer } from '@brevdue/platform';
import { makeLargePdf, makeTextPdf } from '../../platform/test/document-fixtures.ts';
import { createPdfEngine } from '../../platform/src/pdf-engine/index.ts';
import { blankPagesPdf, inflateBombPdf } from '../fixtures/pdf/raw-pdf.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

/** A PostgreSQL to run against: TEST_DATABASE_URL, else a throw-away embedded one. */
async function adminDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.BREVDUE_TEST_PG_ADMIN_URL;
  if (external) return { url: external, stop: async () => {} };
  const server = await startPostgresServer();
  return { url: server.adminUrl, stop: () => server.stop() };
}

/** A new empty database on the admin server. */
async function newDatabase(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
    s.on('error', reject);
  });
}

const pct = (ms: number[], q: number) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(ms.length * q))] ?? 0;
const p99 = (ms: number[]) => pct(ms, 0.99);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** `/health` latencies, one request after another, until `done` resolves. */
async function pollHealth(url: string, done: Promise<unknown>): Promise<number[]> {
  let running = true;
  void done.finally(() => (running = false));
  const ms: number[] = [];
  while (running) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms;
}

/**
 * A running platform (HTTP server, its PDF engine, no plugins) takes hostile uploads, two at a
 * time for `rounds` rounds, while `/health` is asked one request after another: its p99 then,
 * and at rest for comparison.
 */
async function healthUnderHostileUploads(databaseUrl: string, dataDir: string, rounds = 3): Promise<{ hostile: number[]; idle: number[] }> {
  const port = await freePort();
  const config = loadConfig({
    env: {},
    override: {
      databaseUrl,
      dataDir,
      port,
      host: '127.0.0.1',
      logLevel: 'silent',
      plugins: [],
      routing: [],
      workers: { inProcess: false, concurrency: 1, pollIntervalSeconds: 30 },
    },
  });
  const rt = await createRuntime(config, { role: 'api', logger: createLogger('silent') });
  const server = await startServer(rt, { port, host: '127.0.0.1', workers: false });
  try {
    const orgId = await ensureOrganisation(rt.db, config.defaultOrganisation);
    const { token } = await createApiToken(rt.db, { organisationId: orgId, role: 'admin', name: 'bench' });
    const upload = async (body: Buffer) => {
      const res = await fetch(`${server.url}/v1/documents`, {
        method: 'POST',
        body: new Uint8Array(body),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      });
      await res.arrayBuffer();
      if (res.status !== 413) throw new Error(`a hostile PDF was answered ${res.status}, not 413`);
    };
    // Warm up: the engine's threads start on first use.
    await upload(blankPagesPdf(2001));
    const idle = await pollHealth(server.url, new Promise((r) => setTimeout(r, 3000)));
    const hostile: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Different bytes each round: identical uploads would share one content-addressed blob.
      const work = Promise.all([upload(blankPagesPdf(20_000 + i)), upload(inflateBombPdf(100 * 2 ** 20 + i))]);
      hostile.push(...(await pollHealth(server.url, work)));
      await work;
    }
    return { hostile, idle };
  } finally {
    await server.close();
    await rt.close();
  }
}

export default async function bench(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-doc-bench-'));
  const admin = await adminDatabase();
  try {
    const u = new URL(await newDatabase(admin.url, `docbench_${Date.now()}`));

    const pdfPath = join(dir, 'stor.pdf');
    await writeFile(pdfPath, await makeLargePdf(99 * 1024 * 1024));
    const probe = fileURLToPath(new URL('./upload-memory-probe.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', probe, u.toString(), pdfPath], { encoding: 'utf8', timeout: 120_000 });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0 || !line.startsWith('{')) throw new Error(`upload probe failed: ${run.stderr.slice(-2000)}`);
    const r = JSON.parse(line) as { status: number; bytes: number; seconds: number; rssBefore: number; peakRss: number };
    if (r.status !== 201) throw new Error(`upload probe got HTTP ${r.status}`);
    const MB = 1024 * 1024;

    const merge = await makeTextPdf(
      Array.from({ length: 100 }, (_, i) => [`Side ${i + 1}`, `Modtager: CPR 010190-4321, sag ${1000 + i}`, 'Kære borger, ...']),
    );
    // As `POST /v1/documents/{id}/recipients` reads it: on the PDF engine's threads.
    const engine = createPdfEngine();
    let ms: number;
    try {
      await engine.inspect({ bytes: merge }); // start the threads
      const started = process.hrtime.bigint();
      const found = (await engine.inspect({ bytes: merge })).recipients;
      ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (found[0]?.pages.length !== 100) throw new Error('recipient search found the wrong pages');
    } finally {
      await engine.close();
    }

    const health = await healthUnderHostileUploads(await newDatabase(admin.url, `dochostile_${Date.now()}`), join(dir, 'hostile'));

    return [
      {
        name: 'documents: 99 MB PDF upload throughput',
        value: Math.round((r.bytes / MB / r.seconds) * 10) / 10,
        unit: 'MB/s',
        note: 'stream to local disk + SHA-256 + engine check (limits, active content) + row',
      },
      {
        name: 'documents: 99 MB PDF upload peak RSS growth',
        value: Math.round(((r.peakRss - r.rssBefore) / MB) * 10) / 10,
        unit: 'MB',
        note: 'the body is streamed to disk; the engine thread holds the file in WebAssembly memory while checking it',
      },
      { name: 'documents: recipients in a 100-page PDF', value: Math.round(ms), unit: 'ms', note: 'PDF engine thread' },
      {
        name: 'documents: /health p99 while hostile PDFs are refused',
        value: round1(p99(health.hostile)),
        unit: 'ms',
        note:
          `p50 ${round1(pct(health.hostile, 0.5))} ms, ${health.hostile.length} requests during 3 rounds of 20,000 blank pages + 100 MB inflate bomb; ` +
          `at rest p50 ${round1(pct(health.idle, 0.5))} ms, p99 ${round1(p99(health.idle))} ms`,
      },
    ];
  } finally {
    await admin.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
