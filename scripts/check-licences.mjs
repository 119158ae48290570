// @ts-check
/**
 * @module
 * Licence check: Brevdue is MPL-2.0, so every installed dependency (production and development, as package-lock.json
 * lists them) must be under a licence MPL-2.0 code may use, and every workspace package.json must say `"license": "MPL-2.0"`.
 * A package whose licence is not on the allowed list, or cannot be found, needs an entry in
 * scripts/check-licences.exceptions.json with the licence a person read and why it is acceptable.
 *
 * Run: `node scripts/check-licences.mjs [--list]` (part of `npm run lint`). Exits 1 on any finding.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The project's own licence: workspace packages must declare it. */
export const PROJECT_LICENCE = 'MPL-2.0';

/**
 * SPDX identifiers whose terms let MPL-2.0 code depend on them and ship with them: permissive licences (notice kept,
 * no copyleft on our files) and MPL-2.0 itself. Copyleft licences (GPL, LGPL, AGPL, SSPL, EUPL ...) are left out on
 * purpose: they need a reasoned exception.
 */
export const ALLOWED = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  '0BSD',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  'MPL-2.0',
  'Zlib',
  // Permissive, written to read plainly (minimatch, sax, graceful-fs).
  'BlueOak-1.0.0',
  // Public-domain dedications.
  'CC0-1.0',
  'Unlicense',
  // The PSF licence (argparse, a port of Python's): permissive, notice kept.
  'Python-2.0',
  // Attribution only; used for data such as caniuse-lite's browser tables, not code.
  'CC-BY-4.0',
]);

/**
 * @typedef {{ name: string; version: string; path: string; licence: string | undefined; source: string; dev: boolean }} Installed
 * @typedef {{ licence: string; reason: string }} Exception
 * @typedef {{ package: string; problem: string }} Finding
 */

/**
 * Whether an SPDX expression allows use under `allowed`: `A OR B` needs one side, `A AND B` both,
 * `A WITH exception` the licence A (an exception only adds permissions). Parentheses group.
 * @param {string} expression e.g. `(BSD-3-Clause OR GPL-2.0)`
 * @param {Set<string>} allowed SPDX identifiers
 * @returns {boolean} false also for text that is not an SPDX expression (a URL, "SEE LICENSE IN ...")
 * @example spdxAllows('(MIT OR GPL-3.0)', ALLOWED) // true: we take it under MIT
 */
export function spdxAllows(expression, allowed) {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  /** @returns {boolean} */
  const or = () => {
    let ok = and();
    while (tokens[at]?.toUpperCase() === 'OR') {
      at++;
      ok = and() || ok;
    }
    return ok;
  };
  /** @returns {boolean} */
  const and = () => {
    let ok = term();
    while (tokens[at]?.toUpperCase() === 'AND') {
      at++;
      ok = term() && ok;
    }
    return ok;
  };
  /** @returns {boolean} */
  const term = () => {
    const t = tokens[at++];
    if (t === '(') {
      const ok = or();
      if (tokens[at++] !== ')') throw new SyntaxError('unbalanced parentheses');
      return ok;
    }
    if (t === undefined || t === ')' || /^(AND|OR|WITH)$/i.test(t)) throw new SyntaxError(`unexpected ${t ?? 'end'}`);
    if (tokens[at]?.toUpperCase() === 'WITH') at += 2;
    // "MIT+" style suffixes mean "this version or later": the named version already qualifies.
    return allowed.has(t.replace(/\+$/, ''));
  };
  try {
    const ok = or();
    return at === tokens.length && ok;
  } catch {
    return false;
  }
}

/**
 * The licence a package declares: its package.json `license` (string, or the old `{ type }` object), else the old
 * `licenses` array (several entries mean a choice, so they are joined with OR), else an MIT grant found word for word
 * in its LICENSE file.
 * @param {Record<string, unknown>} pkg parsed package.json
 * @param {string | undefined} dir the package's folder, to read a LICENSE file from
 * @returns {{ licence: string | undefined; source: string }}
 */
export function declaredLicence(pkg, dir) {
  const typeOf = (/** @type {unknown} */ l) =>
    typeof l === 'string' ? l : l && typeof l === 'object' && 'type' in l && typeof l.type === 'string' ? l.type : undefined;
  const one = typeOf(pkg.license);
  if (one) return { licence: one, source: 'license' };
  if (Array.isArray(pkg.licenses)) {
    const all = pkg.licenses.map(typeOf).filter((t) => t !== undefined);
    if (all.length === 1) return { licence: all[0], source: 'licenses' };
    if (all.length > 1) return { licence: `(${all.join(' OR ')})`, source: 'licenses' };
  }
  if (dir && existsSync(dir)) {
    for (const f of readdirSync(dir).filter((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))) {
      const text = readFileSync(join(dir, f), 'utf8').replace(/\s+/g, ' ');
      if (text.includes('Permission is hereby granted, free of charge, to any person obtaining a copy'))
        return { licence: 'MIT', source: f };
    }
  }
  return { licence: undefined, source: 'none' };
}

/**
 * Every package package-lock.json lists under node_modules (workspace links left out), with its licence.
 * The lockfile's `license` is used when present, else the installed package.json.
 * @param {string} root repository root
 * @returns {Installed[]}
 * @throws {Error} when package-lock.json is missing or has no `packages` (lockfileVersion 1)
 */
export function installedPackages(root) {
  const lockPath = join(root, 'package-lock.json');
  if (!existsSync(lockPath)) throw new Error(`${lockPath} is missing: run npm install at the repository root`);
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  if (!lock.packages) throw new Error('package-lock.json has no "packages" (lockfileVersion 1): regenerate it with npm 7 or later');
  /** @type {Installed[]} */
  const out = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.link) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const dir = join(root, path);
    let found = declaredLicence(entry, undefined);
    if (!found.licence && existsSync(join(dir, 'package.json'))) {
      found = declaredLicence(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), dir);
      found.source = found.source === 'none' ? 'none' : `installed ${found.source}`;
    } else if (found.licence) {
      found.source = 'package-lock.json';
    }
    out.push({ name, version: entry.version ?? '?', path, licence: found.licence, source: found.source, dev: entry.dev === true });
  }
  return out;
}

/**
 * The repository's own package.json files (root and workspaces, from package-lock.json's workspace entries).
 * @param {string} root
 * @returns {{ path: string; licence: unknown }[]}
 */
export function workspacePackages(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const paths = Object.keys(lock.packages ?? {}).filter((p) => !p.includes('node_modules/'));
  return paths
    .map((p) => join(root, p, 'package.json'))
    .filter((f) => existsSync(f))
    .map((f) => ({ path: f.slice(root.length + 1), licence: JSON.parse(readFileSync(f, 'utf8')).license }));
}

/**
 * Reads the exceptions file: `{ "name@version": { "licence": "...", "reason": "..." } }`.
 * @param {string} file
 * @returns {Map<string, Exception>}
 * @throws {Error} naming the entry and the field when an exception has no licence or no reason
 */
export function readExceptions(file) {
  if (!existsSync(file)) return new Map();
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const map = new Map();
  for (const [key, value] of Object.entries(raw.packages ?? {})) {
    if (!/^.+@[^@]+$/.test(key)) throw new Error(`${file}: "${key}" must be name@version (the exact version reviewed)`);
    if (!value || typeof value.licence !== 'string' || typeof value.reason !== 'string' || value.reason.trim().length < 10) {
      throw new Error(`${file}: "${key}" needs "licence" (what the package's files say) and "reason" (why MPL-2.0 code may use it)`);
    }
    map.set(key, value);
  }
  return map;
}

/**
 * Checks installed packages and workspace manifests; returns the findings (empty when all is well) and the exceptions used.
 * @param {Installed[]} installed
 * @param {{ path: string; licence: unknown }[]} workspaces
 * @param {Map<string, Exception>} exceptions
 * @returns {{ findings: Finding[]; used: string[]; unusedExceptions: string[] }}
 */
export function checkLicences(installed, workspaces, exceptions) {
  /** @type {Finding[]} */
  const findings = [];
  const used = new Set();
  for (const p of installed) {
    const key = `${p.name}@${p.version}`;
    if (p.licence && spdxAllows(p.licence, ALLOWED)) continue;
    if (exceptions.has(key)) {
      used.add(key);
      continue;
    }
    findings.push({
      package: `${key} (${p.path}${p.dev ? ', dev' : ''})`,
      problem: p.licence
        ? `licence "${p.licence}" is not on the allowed list: replace the package, or add a reasoned exception`
        : 'declares no licence: read its files and add an exception stating the licence found',
    });
  }
  for (const w of workspaces) {
    if (w.licence !== PROJECT_LICENCE) {
      findings.push({ package: w.path, problem: `"license" is ${JSON.stringify(w.licence)}; set it to "${PROJECT_LICENCE}"` });
    }
  }
  const unusedExceptions = [...exceptions.keys()].filter((k) => !used.has(k));
  return { findings, used: [...used], unusedExceptions };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const installed = installedPackages(ROOT);
  const exceptionsFile = join(ROOT, 'scripts', 'check-licences.exceptions.json');
  const exceptions = readExceptions(exceptionsFile);
  const { findings, used, unusedExceptions } = checkLicences(installed, workspacePackages(ROOT), exceptions);
  if (!existsSync(join(ROOT, 'LICENSE'))) findings.push({ package: 'LICENSE', problem: `missing: add the full ${PROJECT_LICENCE} text` });
  for (const k of unusedExceptions)
    findings.push({ package: k, problem: `stale exception in ${exceptionsFile}: no installed package matches it; remove it` });
  if (process.argv.includes('--list')) {
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const p of installed) counts.set(p.licence ?? '(none)', (counts.get(p.licence ?? '(none)') ?? 0) + 1);
    for (const [l, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${l}`);
  }
  for (const f of findings) console.log(`  ${f.package}: ${f.problem}`);
  console.log(
    `licences: ${findings.length} finding(s); ${installed.length} installed packages checked, ` +
      `${used.length} by exception (${used.join(', ') || 'none'})`,
  );
  process.exitCode = findings.length > 0 ? 1 : 0;
}
