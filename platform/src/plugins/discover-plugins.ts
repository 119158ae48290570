/**
 * @module
 * Finds installed plugin packages (those with the `brevdue-plugin` keyword) in the
 * node_modules folders above the working directory, so `brevdue plugins list` can show what is
 * installed but not configured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PLUGIN_KEYWORD = 'brevdue-plugin';

function nodeModulesDirs(from: string): string[] {
  const out: string[] = [];
  let dir = from;
  for (;;) {
    const nm = join(dir, 'node_modules');
    if (existsSync(nm)) out.push(nm);
    const up = dirname(dir);
    if (up === dir) return out;
    dir = up;
  }
}

function readKeywords(pkgDir: string): { name: string; keywords: string[] } | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name?: string; keywords?: string[] };
    return pkg.name ? { name: pkg.name, keywords: pkg.keywords ?? [] } : undefined;
  } catch {
    return undefined;
  }
}

/** Package names of installed plugins, sorted. */
export function discoverInstalledPlugins(from = process.cwd()): string[] {
  const found = new Set<string>();
  for (const nm of nodeModulesDirs(from)) {
    for (const entry of readdirSync(nm)) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@') ? readdirSync(join(nm, entry)).map((e) => join(nm, entry, e)) : [join(nm, entry)];
      for (const d of dirs) {
        const pkg = readKeywords(d);
        if (pkg?.keywords.includes(PLUGIN_KEYWORD)) found.add(pkg.name);
      }
    }
  }
  return [...found].sort();
}
