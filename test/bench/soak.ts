/**
 * @module
 * The soak (issue 15), run with `BENCH_SOAK=1 npm run bench` or `npm run bench -- soak`:
 * BENCH_SOAK_MINUTES (10) of steady sending — ten single letters a second and a 500-letter run
 * every 30 s, through an API process and a worker process against a remote answering in 50 ms —
 * with hostile documents mixed in (20,000 blank pages, an inflate bomb, a JavaScript PDF, every
 * few seconds) and ordinary uploads beside them. Prints, at the start (after a minute's warm-up)
 * and at the end, each process's memory (RSS), open file descriptors and threads, and the
 * database's connections; the figures are the growth.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { MINIMAL_PDF } from '@brevdue/shared/fixtures';
import type { Database } from '../../platform/src/db/schema.ts';
import { javascriptOpenActionPdf } from '../fixtures/pdf/active-content-pdf.ts';
import { blankPagesPdf, inflateBombPdf } from '../fixtures/pdf/raw-pdf.ts';
import { startPostgresServer } from '../support/start-postgres-server.ts';
import { agent, finalCount, freePort, post, startBrevdue, stopAll, waitForHttp } from './bench-processes.ts';
import type { Figure } from './platform-throughput.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  rssMb: number;
  fds: number;
  threads: number;
}

/** A process's resident memory, open descriptors and threads, from /proc. */
function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(field('VmRSS') / 1024), fds: readdirSync(`/proc/${pid}/fd`).length, threads: field('Threads') };
}

/** The slope of the least-squares line through `ys` taken at 0, 1, 2 ... */
function slopePerSample(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const show = (s: Sample) => `RSS ${s.rssMb} MB, ${s.fds} fds, ${s.threads} threads`;

export default async function soak(): Promise<Figure[]> {
  const minutes = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
  const pgs = await startPostgresServer({ logFile: '/tmp/bench-soak-pg.log', durable: true });
  const databaseUrl = await pgs.createDatabase('bench_soak');
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-soak-'));
  const [port, simPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${port}`;
  const simUrl = `http://127.0.0.1:${simPort}`;
  const token = `soak-${randomBytes(16).toString('hex')}`;
  const configFile = join(dataDir, 'soak.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      databaseUrl,
      dataDir,
      logLevel: 'warn',
      plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: simUrl } }],
      routing: [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }],
      workers: { inProcess: false, pollIntervalSeconds: 60 },
    }),
  );
  const procs: ChildProcess[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const sim = startBrevdue(['simulate', 'sandbox', '--port', String(simPort)], { BREVDUE_DATA_DIR: join(dataDir, 'sim') }, 'simulator');
    procs.push(sim);
    await waitForHttp(`${simUrl}/messages`, sim);
    await fetch(`${simUrl}/settings`, { method: 'POST', body: JSON.stringify({ latencyMs: 50 }) });
    const api = startBrevdue(
      ['start', '--no-workers', '--port', String(port)],
      { BREVDUE_CONFIG: configFile, BREVDUE_BOOTSTRAP_TOKEN: token },
      'api',
    );
    procs.push(api);
    await waitForHttp(`${apiUrl}/health`, api);
    const worker = startBrevdue(['worker'], { BREVDUE_CONFIG: configFile }, 'worker');
    procs.push(worker);

    const hostile = [blankPagesPdf(20_000), inflateBombPdf(), await javascriptOpenActionPdf()];
    const upload = async (pdf: Buffer) => {
      const res = await fetch(`${apiUrl}/v1/documents`, {
        method: 'POST',
        body: new Uint8Array(pdf),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      });
      return { status: res.status, body: await res.text() };
    };
    const doc = JSON.parse((await upload(MINIMAL_PDF)).body) as { id: string };

    const problems: string[] = [];
    let created = 0;
    let hostileRefused = 0;
    let running = true;
    const single = JSON.stringify({ subject: 'Soak', mainDocument: doc.id, recipients: [{ idType: 'CPR', id: '0101904321' }] });
    const singles = (async () => {
      for (let i = 0; running; i++) {
        const t = performance.now();
        const res = await post(`${apiUrl}/v1/shipments`, token, single).catch((e: Error) => ({ status: 0, body: e.message }));
        if (res.status === 201) created++;
        else problems.push(`single: ${res.status} ${res.body.slice(0, 120)}`);
        await sleep(Math.max(0, 100 - (performance.now() - t)));
      }
    })();
    const runs = (async () => {
      for (let r = 0; running; r++) {
        const recipients = Array.from({ length: 500 }, (_, i) => ({
          idType: 'CPR',
          id: `05${String((r % 12) + 1).padStart(2, '0')}${String(700000 + ((r * 500 + i) % 100000)).slice(-6)}`,
        }));
        const res = await post(
          `${apiUrl}/v1/shipments`,
          token,
          JSON.stringify({ subject: `Soak run ${r}`, mainDocument: doc.id, recipients }),
        );
        if (res.status === 201) created += 500;
        else problems.push(`run: ${res.status} ${res.body.slice(0, 120)}`);
        for (let w = 0; w < 300 && running; w++) await sleep(100);
      }
    })();
    const documents = (async () => {
      for (let i = 0; running; i++) {
        const bad = hostile[i % hostile.length]!;
        const a = await upload(bad);
        if (a.status === 413 || a.status === 422) hostileRefused++;
        else problems.push(`hostile upload answered ${a.status}`);
        const b = await upload(MINIMAL_PDF);
        if (b.status !== 201) problems.push(`upload answered ${b.status}`);
        for (let w = 0; w < 30 && running; w++) await sleep(100);
      }
    })();

    const connections = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database()`.execute(db)).rows[0]!
        .n - 1;
    const snapshot = async () => ({ api: sample(api.pid!), worker: sample(worker.pid!), connections: await connections() });

    await sleep(60_000); // warm-up: pools fill, code paths compile, engines start
    const start = await snapshot();
    console.log(`  [soak] start: api ${show(start.api)}; worker ${show(start.worker)}; ${start.connections} database connections`);
    const samples = [start];
    const until = Date.now() + minutes * 60_000;
    while (Date.now() < until) {
      await sleep(Math.min(60_000, until - Date.now()));
      const s = await snapshot();
      samples.push(s);
      console.log(
        `  [soak] ${new Date().toISOString().slice(11, 19)}: api ${show(s.api)}; worker ${show(s.worker)}; ${s.connections} connections; ${created} letters created`,
      );
    }
    const end = await snapshot();
    running = false;
    await Promise.all([singles, runs, documents]);
    for (let at = Date.now(); (await finalCount(db)) < created && Date.now() - at < 120_000;) await sleep(500);
    const final = await finalCount(db);
    console.log(`  [soak] end: api ${show(end.api)}; worker ${show(end.worker)}; ${end.connections} database connections`);
    if (problems.length) console.log(`  [soak] ${problems.length} problems, e.g. ${problems.slice(0, 3).join('; ')}`);
    const note = `${minutes} min, ${created} letters, ${hostileRefused} hostile documents refused`;
    // A collected heap swings by tens of MB from one minute to the next, so two samples say little:
    // the trend is the least-squares line through every minute's sample, over the whole run.
    const memory = (of: 'api' | 'worker') => {
      const rss = samples.map((s) => s[of].rssMb);
      return {
        value: Math.round(slopePerSample(rss) * (rss.length - 1)),
        note: `least-squares trend of ${rss.length} samples a minute apart (${rss.join(', ')} MB)`,
      };
    };
    return [
      { name: 'soak: API process memory trend over the run', unit: 'MB', ...memory('api'), note: `${memory('api').note}; ${note}` },
      { name: 'soak: worker process memory trend over the run', unit: 'MB', ...memory('worker') },
      {
        name: 'soak: API open file descriptors growth',
        value: end.api.fds - start.api.fds,
        unit: 'fds',
        note: `${start.api.fds} → ${end.api.fds}`,
      },
      {
        name: 'soak: worker open file descriptors growth',
        value: end.worker.fds - start.worker.fds,
        unit: 'fds',
        note: `${start.worker.fds} → ${end.worker.fds}`,
      },
      {
        name: 'soak: database connections growth',
        value: end.connections - start.connections,
        unit: 'connections',
        note: `${start.connections} → ${end.connections}`,
      },
      {
        name: 'soak: letters lost',
        value: created - final,
        unit: 'letters',
        note: `${created} created, ${final} final; ${problems.length} failed requests`,
      },
    ];
  } finally {
    await stopAll(procs);
    agent.destroy();
    await db.destroy();
    await pgs.stop();
  }
}
