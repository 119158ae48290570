/**
 * @module
 * How fast the `brevdue` command answers: `brevdue --help` and `brevdue config check` run as a
 * user runs them (a new Node process through tsx), the median of several runs. The platform is
 * imported only when a command needs it, so reading the command line should stay well under a second.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

type Figure = { name: string; value: number; unit: string; note?: string };

const BIN = join(import.meta.dirname, '../../platform/bin/brevdue.js');
const RUNS = 5;

function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
    if (r.status !== 0) throw new Error(`brevdue ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]!);
}

export default async function bench(): Promise<Figure[]> {
  return [
    { name: 'brevdue --help', value: medianMs(['--help']), unit: 'ms', note: `median of ${RUNS} runs, a new process each` },
    { name: 'brevdue config check (default config)', value: medianMs(['config', 'check']), unit: 'ms', note: `median of ${RUNS} runs` },
  ];
}
