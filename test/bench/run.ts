/**
 * `npm run bench`: prints the figures every issue asks for. Platform throughput and latency
 * are measured here; each package may add its own figures in `src/bench.ts` (plugins) or
 * `bench.ts` files under platform/src (platform modules), found and run in turn.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Figure, benchPlatform } from './platform-throughput.ts';

const root = join(import.meta.dirname, '../..');
const only = process.argv[2];

function findBenches(): string[] {
  const out: string[] = [];
  const plugins = join(root, 'plugins');
  for (const p of readdirSync(plugins)) {
    const f = join(plugins, p, 'src', 'bench.ts');
    if (existsSync(f)) out.push(f);
  }
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const f = join(dir, e);
      if (statSync(f).isDirectory()) walk(f);
      else if (e === 'bench.ts') out.push(f);
    }
  };
  walk(join(root, 'platform', 'src'));
  return out;
}

function print(section: string, figures: Figure[]): void {
  console.log(`\n## ${section}`);
  for (const f of figures) console.log(`  ${f.name.padEnd(62)} ${String(f.value).padStart(10)} ${f.unit}${f.note ? `   (${f.note})` : ''}`);
}

if (!only || only === 'platform') {
  print('platform (sandbox, no simulated latency)', await benchPlatform({ letters: Number(process.env.BENCH_LETTERS ?? 10_000) }));
}
for (const file of findBenches()) {
  const name = relative(root, file);
  if (only && only !== 'platform' && !name.includes(only)) continue;
  if (only === 'platform') continue;
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: () => Promise<Figure[]> };
    if (typeof mod.default !== 'function') continue;
    print(name, await mod.default());
  } catch (e) {
    console.log(`\n## ${name}\n  FAILED: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
process.exit();
