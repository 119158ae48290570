// @ts-check
/**
 * @module
 * `npm run lint`: every check that keeps the code in shape, with one summary at the end.
 * - format: Prettier (`prettier --check`; `npm run format` writes the fixes)
 * - eslint: typescript-eslint and the Office add-in rules (eslint.config.js)
 * - imports: DESIGN.md's arrows and no folder cycle in platform/src (scripts/check-imports.mjs, .dependency-cruiser.cjs)
 * - licences: every installed dependency's licence fits MPL-2.0 (scripts/check-licences.mjs)
 *
 * ESLint (the slow one: it loads the whole TypeScript program for its type-aware rules) runs beside the others, which
 * run one after another: two cores, two streams. Exits 1 when any check has a finding.
 * `node scripts/lint.mjs eslint imports` runs only the named checks.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');

/**
 * @typedef {{ name: string; command: string; args: string[]; count: (out: string) => number | undefined }} Check
 * @typedef {{ check: Check; code: number; out: string; seconds: number }} Outcome
 */

/** @type {Check[]} */
export const CHECKS = [
  {
    name: 'format',
    command: join(BIN, 'prettier'),
    // The cache is keyed on each file's content, so a stale entry cannot hide a change.
    args: ['--check', '.', '--log-level', 'warn', '--cache', '--cache-strategy', 'content'],
    count: (out) => out.split('\n').filter((l) => /^\[warn\] (?!Code style issues)/.test(l)).length,
  },
  {
    name: 'eslint',
    command: join(BIN, 'eslint'),
    args: ['.', '--max-warnings', '0'],
    count: (out) => {
      const m = /✖ (\d+) problems?/.exec(out);
      return m ? Number(m[1]) : undefined;
    },
  },
  {
    name: 'imports',
    command: process.execPath,
    args: [join(ROOT, 'scripts', 'check-imports.mjs')],
    count: (out) => {
      const m = /imports: (\d+) forbidden import\(s\), (\d+) folder cycle/.exec(out);
      return m ? Number(m[1]) + Number(m[2]) : undefined;
    },
  },
  {
    name: 'licences',
    command: process.execPath,
    args: [join(ROOT, 'scripts', 'check-licences.mjs')],
    count: (out) => {
      const m = /licences: (\d+) finding/.exec(out);
      return m ? Number(m[1]) : undefined;
    },
  },
];

/**
 * Runs one check with its output captured (printed later, in order, so parallel output does not interleave).
 * @param {Check} check
 * @returns {Promise<Outcome>}
 */
function run(check) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const done = (/** @type {number} */ code) => resolve({ check, code, out, seconds: (performance.now() - started) / 1000 });
    child.on('error', (e) => {
      out += `could not start ${check.command}: ${e.message} (run npm install at the repository root)\n`;
      done(127);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

/**
 * Runs `checks`: ESLint in parallel with the others, which run in sequence.
 * @param {Check[]} checks
 * @returns {Promise<Outcome[]>} in the order of `checks`
 */
export async function runChecks(checks) {
  const eslint = checks.filter((c) => c.name === 'eslint');
  const rest = checks.filter((c) => c.name !== 'eslint');
  const sequence = (async () => {
    /** @type {Outcome[]} */
    const out = [];
    for (const c of rest) out.push(await run(c));
    return out;
  })();
  const all = [...(await Promise.all(eslint.map(run))), ...(await sequence)];
  return checks.map((c) => /** @type {Outcome} */ (all.find((o) => o.check === c)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !CHECKS.some((c) => c.name === w));
  if (unknown.length > 0) {
    console.error(`lint: unknown check ${unknown.join(', ')}; the checks are ${CHECKS.map((c) => c.name).join(', ')}`);
    process.exit(2);
  }
  const started = performance.now();
  const outcomes = await runChecks(wanted.length > 0 ? CHECKS.filter((c) => wanted.includes(c.name)) : CHECKS);
  for (const o of outcomes) {
    console.log(`\n── ${o.check.name} ${'─'.repeat(Math.max(0, 60 - o.check.name.length))}`);
    process.stdout.write(o.out.trim() ? `${o.out.trimEnd()}\n` : 'no output\n');
  }
  console.log('\nlint summary');
  for (const o of outcomes) {
    const n = o.check.count(o.out);
    const verdict = o.code === 0 ? 'ok' : n ? `${n} finding(s)` : `failed (exit ${o.code})`;
    console.log(`  ${o.check.name.padEnd(9)} ${verdict.padEnd(18)} ${o.seconds.toFixed(1).padStart(5)} s`);
  }
  const failed = outcomes.filter((o) => o.code !== 0);
  console.log(
    failed.length === 0
      ? `lint: all ${outcomes.length} checks passed in ${((performance.now() - started) / 1000).toFixed(1)} s`
      : `lint: ${failed.length} of ${outcomes.length} checks failed (${failed.map((o) => o.check.name).join(', ')}); ` +
          'fix the findings above (npm run format fixes the format check)',
  );
  process.exitCode = failed.length === 0 ? 0 : 1;
}
