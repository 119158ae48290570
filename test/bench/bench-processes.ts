/**
 * @module
 * What the benches share: `brevdue` commands as child processes (profiled on request), the CPU
 * each group of processes used, a light HTTP load generator, percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/src/db/schema.ts';

export const BREVDUE = join(import.meta.dirname, '../../platform/bin/brevdue.js');

/** CPU seconds used so far by each group of processes (pids by name), PostgreSQL's backends included. */
export function cpuSeconds(groups: Record<string, number[]>, postmaster: number): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries([...Object.keys(groups), 'postgres'].map((k) => [k, 0]));
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
    const group = Object.keys(groups).find((k) => groups[k]!.includes(pid));
    if (group) out[group]! += secs;
    else if (comm === 'postgres' && (pid === postmaster || Number(f[1]) === postmaster)) out.postgres! += secs;
  }
  return out;
}

export function cpuDiff(a: Record<string, number>, b: Record<string, number>): string {
  return Object.keys(b)
    .map((k) => `${k} ${(b[k]! - (a[k] ?? 0)).toFixed(1)} s`)
    .join(', ');
}

/**
 * The load generator's POST: node:http on a keep-alive agent. WHATWG fetch cost about three
 * times the CPU per request, and the generator shares the cores with what it measures.
 */
// Idle sockets close on our side well before the API's keep-alive ends, as a balancer's would.
export const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 30_000 });
export function post(url: string, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The Node flags of the `brevdue` command's `#!/usr/bin/env -S node …` line. */
const COMMAND_FLAGS = (/^#!.*\benv -S node (.*)$/m.exec(readFileSync(BREVDUE, 'utf8').split('\n')[0]!)?.[1] ?? '')
  .split(/\s+/)
  .filter(Boolean);

/** A `brevdue` command as a child process. BENCH_PROFILE=<dir> writes a CPU profile of each there. */
export function startBrevdue(args: string[], env: Record<string, string>, label: string): ChildProcess {
  const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_PROFILE, label)}`] : [];
  // BENCH_NODE_FLAGS="--trace-gc" (say) adds flags; each process's output then goes to /tmp/bench-<label>-<pid>.log.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  // As the command runs: with the Node flags its first line gives.
  const child = spawn('node', [...COMMAND_FLAGS, ...prof, ...flags, BREVDUE, ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', flags.length ? 'pipe' : 'ignore', 'pipe'],
  });
  if (flags.length) child.stdout?.on('data', (d) => appendFileSync(`/tmp/bench-${label}-${child.pid}.log`, d));
  let err = '';
  child.stderr?.on('data', (d) => (err = (err + String(d)).slice(-4000)));
  child.once('exit', (code, signal) => {
    if (code && code !== 0) console.error(`  ${label} exited with ${code ?? signal}: ${err}`);
  });
  return child;
}

/** SIGTERM, then wait for the exits (and the profiles they write) before the database goes away. */
export async function stopAll(procs: ChildProcess[]): Promise<void> {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
  await Promise.all(procs.filter((p) => p.exitCode === null && p.signalCode === null).map((p) => new Promise((r) => p.once('exit', r))));
}

export async function waitForHttp(url: string, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`${url}: the process exited (${proc.exitCode})`);
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function finalCount(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from letters where status in ('delivered_digital', 'delivered_print', 'failed')`.execute(db);
  return rows[0]!.n;
}
