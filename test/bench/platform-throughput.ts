/**
 * @module
 * Letters per second from create to final status through the sandbox (no simulated latency)
 * with 1 and 2 worker processes, and the latency of POST /v1/shipments at a steady 200 req/s.
 * Each phase prints the CPU seconds its processes used (this process: API + simulator + load
 * generator; the worker processes; PostgreSQL), which is what the figures are made of.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sandbox from '@brevdue/plugin-sandbox';
import { MINIMAL_PDF } from '@brevdue/shared/fixtures';
import { createApiToken, createLogger, createRuntime, ensureOrganisation, loadConfig, startServer } from '@brevdue/platform';
import { sql, type Kysely } from 'kysely';
import { startPostgresServer } from '../support/start-postgres-server.ts';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const BREVDUE = join(import.meta.dirname, '../../platform/bin/brevdue.js');

/** CPU seconds used so far, by process group: this process (API + simulator), the workers, PostgreSQL. */
function cpuSeconds(workerPids: number[], postmaster: number): Record<string, number> {
  const out: Record<string, number> = { bench: 0, workers: 0, postgres: 0 };
  if (!existsSync('/proc/self/stat')) return out;
  const tick = 100; // USER_HZ on Linux
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const secs = (Number(f[11]) + Number(f[12])) / tick;
    const pid = Number(e);
    if (pid === process.pid) out.bench! += secs;
    else if (workerPids.includes(pid)) out.workers! += secs;
    else if (comm === 'postgres' && (pid === postmaster || Number(f[1]) === postmaster)) out.postgres! += secs;
  }
  return out;
}

function cpuDiff(a: Record<string, number>, b: Record<string, number>): string {
  return Object.keys(b).map((k) => `${k} ${(b[k]! - (a[k] ?? 0)).toFixed(1)} s`).join(', ');
}

/** BENCH_PG_STATS=1: the statements that took the most server time since the last call. */
async function printStatementStats(db: Kysely<any>, phase: string): Promise<void> {
  if (!process.env.BENCH_PG_STATS) return;
  const { rows } = await sql<{ calls: number; ms: number; plan: number; rows: number; query: string }>`
    select calls, round(total_exec_time)::int as ms, round(total_plan_time)::int as plan, rows, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 100) as query
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time + total_plan_time desc limit 15`.execute(db);
  console.log(`  [${phase}] statements by server time:`);
  for (const r of rows) console.log(`    ${String(r.ms).padStart(6)} ms +${String(r.plan).padStart(5)} ms plan ${String(r.calls).padStart(7)} calls ${String(r.rows).padStart(7)} rows  ${r.query}`);
  await sql`select pg_stat_statements_reset()`.execute(db);
}

/**
 * The load generator's POST: node:http on a keep-alive agent. WHATWG fetch cost about three
 * times the CPU per request, and the generator shares the cores with what it measures.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
function post(url: string, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Phase = { name: 'latency' | 'w1' | 'w2'; processes: number };

/**
 * Three phases, each on its own database with fresh worker processes, so one phase's backlog
 * (archiving trails sending) does not load the next: the latency of creates at 200 req/s with
 * one worker process sending what they create, then throughput with 1 and with 2 processes.
 * BENCH_PHASES=w1,latency,w2 picks phases (profiling runs).
 */
export async function benchPlatform(opts: { letters: number }): Promise<Figure[]> {
  const wanted = (process.env.BENCH_PHASES ?? 'latency,w1,w2').split(',');
  const phases = (
    [
      { name: 'latency', processes: 1 },
      { name: 'w1', processes: 1 },
      { name: 'w2', processes: 2 },
    ] as Phase[]
  ).filter((p) => wanted.includes(p.name));
  const pgs = await startPostgresServer({ logFile: '/tmp/bench-pg.log' });
  const figures: Figure[] = [];
  const sim = await sandbox.simulator!.start({ port: 0, host: '127.0.0.1', dataDir: mkdtempSync(join(tmpdir(), 'bench-sim-')) });
  try {
    for (const phase of phases) figures.push(...(await runPhase(phase, opts.letters, pgs, sim.url)));
  } finally {
    await sim.close();
    await pgs.stop();
  }
  return figures;
}

async function runPhase(phase: Phase, letters: number, pgs: Awaited<ReturnType<typeof startPostgresServer>>, simUrl: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const { processes } = phase;
  const databaseUrl = await pgs.createDatabase(`bench_${phase.name}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-bench-'));
  const cfg = {
    databaseUrl,
    dataDir,
    port: 0,
    logLevel: 'warn',
    plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: simUrl } }],
    routing: [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }],
    workers: { inProcess: false, concurrency: 200, pollIntervalSeconds: 60 },
  };
  const configFile = join(dataDir, 'bench.config.json');
  writeFileSync(configFile, JSON.stringify(cfg));
  const config = loadConfig({ env: {}, override: cfg as never });
  const rt = await createRuntime(config, { role: 'api', logger: createLogger('warn') });
  const server = await startServer(rt, { workers: false, port: 0, host: '127.0.0.1' });
  const workers: ChildProcess[] = [];
  try {
    const org = await ensureOrganisation(rt.db, config.defaultOrganisation);
    const { token } = await createApiToken(rt.db, { organisationId: org, role: 'admin', name: 'bench' });
    const up = await fetch(`${server.url}/v1/documents`, { method: 'POST', body: new Uint8Array(MINIMAL_PDF), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' } });
    const doc = ((await up.json()) as { id: string }).id;

    // Workers first, idle, so their start-up is not counted.
    for (let i = 0; i < processes; i++) {
      // BENCH_PROFILE=<dir> writes a CPU profile of each worker process there.
      const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
      workers.push(spawn('node', [...prof, BREVDUE, 'worker'], { env: { ...process.env, BREVDUE_CONFIG: configFile, LOG_LEVEL: 'warn' }, stdio: 'ignore' }));
    }
    await new Promise((r) => setTimeout(r, 6000));
    const workerPids = workers.map((w) => w.pid!);
    const cpu0 = cpuSeconds(workerPids, pgs.pid);
    const started = performance.now();

    if (phase.name === 'latency') {
      // Steady 200 requests/s of single-recipient shipments for 10 s; the worker sends them meanwhile.
      const latencies: number[] = [];
      const failures: string[] = [];
      const rate = 200;
      const total = rate * 10;
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        inflight.push(
          (async () => {
            const s = performance.now();
            const res = await post(`${server.url}/v1/shipments`, token, JSON.stringify({ subject: 'Latency', mainDocument: doc, recipients: [{ idType: 'CPR', id: '0101904321' }] }));
            if (res.status !== 201) failures.push(`${res.status} ${res.body.slice(0, 200)}`);
            latencies.push(performance.now() - s);
          })(),
        );
      }
      await Promise.all(inflight);
      const sent = await finalCount(rt.db);
      console.log(`  [latency] ${total} creates in ${((performance.now() - started) / 1000).toFixed(1)} s, ${sent} of them final by then; CPU: ${cpuDiff(cpu0, cpuSeconds(workerPids, pgs.pid))}`);
      if (failures.length) console.log(`  ${failures.length} creates failed, e.g. ${failures[0]}`);
      await printStatementStats(rt.db, 'latency');
      latencies.sort((a, b) => a - b);
      figures.push({ name: 'POST /v1/shipments p50 at 200 req/s', value: Number(percentile(latencies, 50).toFixed(1)), unit: 'ms' });
      figures.push({ name: 'POST /v1/shipments p99 at 200 req/s', value: Number(percentile(latencies, 99).toFixed(1)), unit: 'ms' });
      return figures;
    }

    const perShipment = 1000;
    for (let s = 0; s < letters / perShipment; s++) {
      const recipients = Array.from({ length: perShipment }, (_, i) => ({ idType: 'CPR', id: `01019${String(s).padStart(1, '0')}${String(1000 + i).padStart(4, '0')}` }));
      const res = await post(`${server.url}/v1/shipments`, token, JSON.stringify({ subject: 'Bench', mainDocument: doc, recipients }));
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
    }
    const createdIn = (performance.now() - started) / 1000;
    let done = 0;
    let progressAt = performance.now();
    for (;;) {
      const n = await finalCount(rt.db);
      if (n >= letters) break;
      if (n > done) [done, progressAt] = [n, performance.now()];
      else if (performance.now() - progressAt > 60_000) throw new Error(`no letter reached a final status for 60 s (${done} of ${letters} done)`);
      await new Promise((res) => setTimeout(res, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from archive_records`.execute(rt.db);
    console.log(
      `  [${processes} process(es)] ${letters} letters in ${seconds.toFixed(1)} s (created in ${createdIn.toFixed(1)} s, ${rows[0]!.n} archived by then); CPU: ${cpuDiff(cpu0, cpuSeconds(workerPids, pgs.pid))}`,
    );
    await printStatementStats(rt.db, phase.name);
    figures.push({ name: `letters/s create→final, ${processes} worker process${processes > 1 ? 'es' : ''}`, value: Math.round(letters / seconds), unit: 'letters/s', note: `${letters} letters in ${seconds.toFixed(1)} s` });
    return figures;
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    // Let the workers exit (and write their profiles) before the database goes away.
    await Promise.all(workers.map((w) => (w.exitCode !== null ? undefined : new Promise((r) => w.once('exit', r)))));
    agent.destroy();
    await server.close();
    await rt.close();
    await fetch(`${simUrl}/reset`, { method: 'POST' });
  }
}

async function finalCount(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from letters where status in ('delivered_digital', 'delivered_print', 'failed')`.execute(db);
  return rows[0]!.n;
}
