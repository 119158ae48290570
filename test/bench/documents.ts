/**
 * @module
 * Document intake figures: a 99 MB PDF uploaded through `POST /v1/documents` (throughput and
 * the peak memory growth of the process doing it, which shows the upload streams), and the
 * time to find recipients in a 100-page merge letter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresServer } from '../support/start-postgres-server.ts';
import pg from 'pg';
import { makeLargePdf, makeTextPdf } from '../../platform/test/document-fixtures.ts';
import { findRecipients } from '../../platform/src/documents/find-recipients.ts';
import { bufferSource } from '../../platform/src/documents/pdf-source.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

/** A PostgreSQL to run against: TEST_DATABASE_URL, else a throw-away embedded one. */
async function adminDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.BREVDUE_TEST_PG_ADMIN_URL;
  if (external) return { url: external, stop: async () => {} };
  const server = await startPostgresServer();
  return { url: server.adminUrl, stop: () => server.stop() };
}

export default async function bench(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-doc-bench-'));
  const admin = await adminDatabase();
  try {
    const name = `docbench_${Date.now()}`;
    const c = new pg.Client({ connectionString: admin.url });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(admin.url);
    u.pathname = `/${name}`;

    const pdfPath = join(dir, 'stor.pdf');
    await writeFile(pdfPath, await makeLargePdf(99 * 1024 * 1024));
    const probe = fileURLToPath(new URL('./upload-memory-probe.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', probe, u.toString(), pdfPath], { encoding: 'utf8', timeout: 120_000 });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0 || !line.startsWith('{')) throw new Error(`upload probe failed: ${run.stderr.slice(-2000)}`);
    const r = JSON.parse(line) as { status: number; bytes: number; seconds: number; rssBefore: number; peakRss: number };
    if (r.status !== 201) throw new Error(`upload probe got HTTP ${r.status}`);
    const MB = 1024 * 1024;

    const merge = await makeTextPdf(Array.from({ length: 100 }, (_, i) => [`Side ${i + 1}`, `Modtager: CPR 010190-4321, sag ${1000 + i}`, 'Kære borger, ...']));
    const started = process.hrtime.bigint();
    const found = await findRecipients(bufferSource(merge));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (found[0]?.pages.length !== 100) throw new Error('recipient search found the wrong pages');

    return [
      { name: 'documents: 99 MB PDF upload throughput', value: Math.round((r.bytes / MB / r.seconds) * 10) / 10, unit: 'MB/s', note: 'stream to local disk + SHA-256 + pdf.js check + row' },
      { name: 'documents: 99 MB PDF upload peak RSS growth', value: Math.round(((r.peakRss - r.rssBefore) / MB) * 10) / 10, unit: 'MB', note: 'far below the file size: the body is streamed, pdf.js reads ranges' },
      { name: 'documents: recipients in a 100-page PDF', value: Math.round(ms), unit: 'ms' },
    ];
  } finally {
    await admin.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
