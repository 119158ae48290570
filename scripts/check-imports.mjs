// @ts-check
/**
 * @module
 * The import rules of DESIGN.md, checked over one dependency-cruiser run:
 * - the forbidden arrows in .dependency-cruiser.cjs (shared imports no sibling, a plugin only @brevdue/shared, ...);
 * - no import cycle between the folders of platform/src (archive/, letters/, jobs/ ...). dependency-cruiser's own
 *   `circular` works per module and does not leave type-only links out of a whole cycle, so this file collapses the
 *   module graph to folders and looks for cycles itself.
 *
 * Run: `node scripts/check-imports.mjs` (part of `npm run lint`). Exits 1 on any finding.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The folders dependency-cruiser walks: every package of the repository. */
export const CRUISED = ['shared', 'platform', 'plugins', 'addins', 'manifests', 'test'];

/** The folder whose sub-folders must not import each other in a cycle. */
export const LAYERED = 'platform/src';

/**
 * @typedef {{ module: string; resolved: string; dependencyTypes: string[] }} Dependency
 * @typedef {{ source: string; dependencies: Dependency[] }} Module
 * @typedef {{ rule: { name: string; severity: string }; from: string; to: string }} Violation
 * @typedef {{ modules: Module[]; summary: { violations: Violation[] } }} CruiseResult
 * @typedef {{ folders: string[]; links: { from: string; to: string }[] }} FolderCycle
 */

/**
 * Whether a dependency exists only for the type checker (`import type`, `export type`, `import('x').T`): such links
 * vanish at run time, so they may cross between folders where a type must be shared.
 * @param {Dependency} d
 */
export function isTypeOnly(d) {
  return d.dependencyTypes.includes('type-only') || d.dependencyTypes.includes('type-import');
}

/**
 * The first folder of `path` under `base`, `(root)` for a file directly in it, or undefined outside it.
 * @param {string} path
 * @param {string} base
 * @example folderOf('platform/src/letters/send.ts', 'platform/src') // 'letters'
 */
export function folderOf(path, base) {
  if (!path.startsWith(`${base}/`)) return undefined;
  const rest = path.slice(base.length + 1);
  const slash = rest.indexOf('/');
  return slash === -1 ? '(root)' : rest.slice(0, slash);
}

/**
 * Finds the import cycles between the folders under `base`: strongly connected groups of two or more folders,
 * each with the module links that join them (so a reader sees which import to cut).
 * Type-only links are left out; so are test files, which exercise several folders without being part of their structure.
 * @param {Module[]} modules dependency-cruiser's `modules`, paths relative to the repository root
 * @param {string} base e.g. `platform/src`
 * @returns {FolderCycle[]} one entry per cycle, folders sorted; empty when the folders form a DAG
 */
export function findFolderCycles(modules, base) {
  /** @type {Map<string, Map<string, { from: string; to: string }[]>>} folder → folder → module links */
  const graph = new Map();
  for (const m of modules) {
    const from = folderOf(m.source, base);
    if (from === undefined || /\.test\.[cm]?[jt]sx?$/.test(m.source)) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved, base);
      if (to === undefined || to === from || isTypeOnly(d)) continue;
      const edges = /** @type {Map<string, { from: string; to: string }[]>} */ (graph.get(from));
      const links = edges.get(to) ?? [];
      if (!links.some((l) => l.from === m.source && l.to === d.resolved)) links.push({ from: m.source, to: d.resolved });
      edges.set(to, links);
      if (!graph.has(to)) graph.set(to, new Map());
    }
  }
  return stronglyConnected(graph)
    .filter((group) => group.length > 1)
    .map((group) => {
      const members = new Set(group);
      const links = group.flatMap((f) =>
        [...(graph.get(f) ?? new Map()).entries()].filter(([to]) => members.has(to)).flatMap(([, ls]) => ls),
      );
      return { folders: [...group].sort(), links: links.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)) };
    })
    .sort((a, b) => (a.folders[0] ?? '').localeCompare(b.folders[0] ?? ''));
}

/**
 * Tarjan's algorithm: the strongly connected components of a small directed graph.
 * @param {Map<string, Map<string, unknown>>} graph node → (successor → anything)
 * @returns {string[][]}
 */
function stronglyConnected(graph) {
  let next = 0;
  /** @type {Map<string, number>} */ const index = new Map();
  /** @type {Map<string, number>} */ const low = new Map();
  /** @type {string[]} */ const stack = [];
  const onStack = new Set();
  /** @type {string[][]} */ const out = [];
  /** @param {string} v */
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of (graph.get(v) ?? new Map()).keys()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(Number(low.get(v)), Number(low.get(w))));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(Number(low.get(v)), Number(index.get(w))));
      }
    }
    if (low.get(v) === index.get(v)) {
      /** @type {string[]} */ const group = [];
      let w;
      do {
        w = /** @type {string} */ (stack.pop());
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      out.push(group);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/**
 * Runs dependency-cruiser (its CLI, so the options in .dependency-cruiser.cjs apply exactly as for `npx depcruise`).
 * @param {string} [cwd] the folder holding .dependency-cruiser.cjs and tsconfig.json; the repository root by default
 * @param {string[]} [folders] what to cruise, relative to `cwd`
 * @returns {CruiseResult}
 * @throws {Error} when dependency-cruiser cannot run or prints no JSON (the message carries its stderr)
 */
export function cruise(cwd = ROOT, folders = CRUISED) {
  const bin = join(ROOT, 'node_modules', '.bin', 'depcruise');
  const run = spawnSync(bin, [...folders, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`dependency-cruiser did not start (${run.error.message}); run npm install at the repository root`);
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`dependency-cruiser printed no JSON (exit ${run.status}):\n${run.stderr}`);
  }
}

/**
 * Prints every finding and returns how many there are.
 * @param {CruiseResult} result
 */
export function report(result) {
  const violations = result.summary.violations.filter((v) => v.rule.severity === 'error');
  for (const v of violations) console.log(`  ${v.rule.name}: ${v.from} → ${v.to}`);
  const cycles = findFolderCycles(result.modules, LAYERED);
  for (const c of cycles) {
    console.log(`  no-folder-cycle: ${LAYERED}/{${c.folders.join(',')}} import each other in a cycle; the value imports within it:`);
    /** @type {Map<string, { from: string; to: string }[]>} */
    const pairs = new Map();
    for (const l of c.links) {
      const key = `${folderOf(l.from, LAYERED)} → ${folderOf(l.to, LAYERED)}`;
      pairs.set(key, [...(pairs.get(key) ?? []), l]);
    }
    for (const [key, links] of pairs) {
      const shown = links.slice(0, 2).map((l) => `${l.from.slice(LAYERED.length + 1)} → ${l.to.slice(LAYERED.length + 1)}`);
      console.log(`    ${key}: ${shown.join(', ')}${links.length > 2 ? ` (+${links.length - 2} more)` : ''}`);
    }
  }
  const modules = result.modules.filter((m) => !m.source.includes('node_modules')).length;
  console.log(`imports: ${violations.length} forbidden import(s), ${cycles.length} folder cycle(s) in ${LAYERED} (${modules} modules)`);
  return violations.length + cycles.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = report(cruise()) > 0 ? 1 : 0;
}
