/**
 * @module
 * Letters per second from create to final status through the sandbox (no simulated latency)
 * with 1 and 2 worker processes, and the latency of POST /v1/shipments at a steady 200 req/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sandbox from '@brevdue/plugin-sandbox';
import { MINIMAL_PDF } from '@brevdue/shared/fixtures';
import { createApiToken, createLogger, createRuntime, ensureOrganisation, loadConfig, startServer } from '@brevdue/platform';
import { startBenchPostgres } from './bench-postgres.ts';

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchPlatform(opts: { letters: number }): Promise<Figure[]> {
  const pgs = await startBenchPostgres();
  const figures: Figure[] = [];
  const sim = await sandbox.simulator!.start({ port: 0, host: '127.0.0.1', dataDir: mkdtempSync(join(tmpdir(), 'bench-sim-')) });
  try {
    // BENCH_PHASES picks phases for profiling runs: w1 (1 worker process), latency, w2.
    const phases = (process.env.BENCH_PHASES ?? 'w1,latency,w2').split(',');
    for (const processes of [1, 2]) {
      const throughput = phases.includes(`w${processes}`);
      const latency = processes === 1 && phases.includes('latency');
      if (!throughput && !latency) continue;
      const databaseUrl = await pgs.createDatabase(`bench_w${processes}`);
      const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-bench-'));
      const cfg = {
        databaseUrl,
        dataDir,
        port: 0,
        logLevel: 'warn',
        plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: sim.url } }],
        routing: [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }],
        workers: { inProcess: false, concurrency: 200, pollIntervalSeconds: 60 },
      };
      const configFile = join(dataDir, 'bench.config.json');
      writeFileSync(configFile, JSON.stringify(cfg));
      const config = loadConfig({ env: {}, override: cfg as never });
      const rt = await createRuntime(config, { role: 'api', logger: createLogger('warn') });
      const server = await startServer(rt, { workers: false, port: 0, host: '127.0.0.1' });
      const org = await ensureOrganisation(rt.db, config.defaultOrganisation);
      const { token } = await createApiToken(rt.db, { organisationId: org, role: 'admin', name: 'bench' });
      const api = (path: string, init: RequestInit = {}) =>
        fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      const up = await api('/v1/documents', { method: 'POST', body: new Uint8Array(MINIMAL_PDF), headers: { 'content-type': 'application/pdf' } });
      const doc = ((await up.json()) as { id: string }).id;

      // Workers first, idle, so their start-up is not counted.
      const workers: ChildProcess[] = [];
      for (let i = 0; i < processes; i++) {
        // BENCH_PROFILE=<dir> writes a CPU profile of each worker process there.
        const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
        workers.push(spawn('node', [...prof, BREVDUE, 'worker'], { env: { ...process.env, BREVDUE_CONFIG: configFile, LOG_LEVEL: 'warn' }, stdio: 'ignore' }));
      }
      await new Promise((r) => setTimeout(r, 6000));

      const workerPids = workers.map((w) => w.pid!);
      const perShipment = 1000;
      const cpu0 = cpuSeconds(workerPids, pgs.pid);
      const started = performance.now();
      for (let s = 0; throughput && s < opts.letters / perShipment; s++) {
        const recipients = Array.from({ length: perShipment }, (_, i) => ({ idType: 'CPR', id: `01019${String(s).padStart(1, '0')}${String(1000 + i).padStart(4, '0')}` }));
        const res = await api('/v1/shipments', { method: 'POST', body: JSON.stringify({ subject: 'Bench', mainDocument: doc, recipients }) });
        if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      }
      const createdIn = (performance.now() - started) / 1000;
      let done = 0;
      let progressAt = performance.now();
      for (; throughput; ) {
        const r = await rt.db.selectFrom('letters').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['delivered_digital', 'delivered_print', 'failed']).executeTakeFirstOrThrow();
        if (Number(r.n) >= opts.letters) break;
        if (Number(r.n) > done) [done, progressAt] = [Number(r.n), performance.now()];
        else if (performance.now() - progressAt > 60_000) throw new Error(`no letter reached a final status for 60 s (${done} of ${opts.letters} done)`);
        await new Promise((res) => setTimeout(res, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      if (throughput) {
        console.log(`  [${processes} process(es)] ${opts.letters} letters in ${seconds.toFixed(1)} s (created in ${createdIn.toFixed(1)} s); CPU: ${cpuDiff(cpu0, cpuSeconds(workerPids, pgs.pid))}`);
        figures.push({ name: `letters/s create→final, ${processes} worker process${processes > 1 ? 'es' : ''}`, value: Math.round(opts.letters / seconds), unit: 'letters/s', note: `${opts.letters} letters in ${seconds.toFixed(1)} s` });
      }

      if (latency) {
        // Steady 200 requests/s of single-recipient shipments for 10 s, workers running.
        const latencies: number[] = [];
        const failures: string[] = [];
        const rate = 200;
        const total = rate * 10;
        const cpu1 = cpuSeconds(workerPids, pgs.pid);
        const t0 = performance.now();
        const inflight: Promise<void>[] = [];
        for (let i = 0; i < total; i++) {
          const due = t0 + (i * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          inflight.push(
            (async () => {
              const s = performance.now();
              const res = await api('/v1/shipments', { method: 'POST', body: JSON.stringify({ subject: 'Latency', mainDocument: doc, recipients: [{ idType: 'CPR', id: '0101904321' }] }) });
              const text = await res.text();
              if (res.status !== 201) failures.push(`${res.status} ${text.slice(0, 200)}`);
              latencies.push(performance.now() - s);
            })(),
          );
        }
        await Promise.all(inflight);
        console.log(`  [latency] ${total} creates in ${((performance.now() - t0) / 1000).toFixed(1)} s; CPU: ${cpuDiff(cpu1, cpuSeconds(workerPids, pgs.pid))}`);
        if (failures.length) console.log(`  ${failures.length} creates failed, e.g. ${failures[0]}`);
        latencies.sort((a, b) => a - b);
        figures.push({ name: 'POST /v1/shipments p50 at 200 req/s', value: Number(percentile(latencies, 50).toFixed(1)), unit: 'ms' });
        figures.push({ name: 'POST /v1/shipments p99 at 200 req/s', value: Number(percentile(latencies, 99).toFixed(1)), unit: 'ms' });
      }
      console.log('  closing');
      for (const w of workers) w.kill('SIGTERM');
      // Let the workers exit (and write their profiles) before the database goes away.
      await Promise.all(workers.map((w) => (w.exitCode !== null ? undefined : new Promise((r) => w.once('exit', r)))));
      await server.close();
      await rt.close();
      await fetch(`${sim.url}/reset`, { method: 'POST' });
    }
  } finally {
    await sim.close();
    await pgs.stop();
  }
  return figures;
}
