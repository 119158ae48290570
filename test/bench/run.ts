/**
 * `npm run bench`: prints the figures every issue asks for. Platform throughput and latency
 * are measured here; the platform's modules have their benches beside this file (listed in
 * MODULE_BENCHES), and each plugin may add its own figures in its `src/bench.ts`. The ten-minute
 * soak runs with BENCH_SOAK=1 (or `npm run bench -- soak`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Figure, benchPlatform } from './platform-throughput.ts';

const root = join(import.meta.dirname, '../..');
/** Benches of platform modules: each default-exports a function answering its figures. */
const MODULE_BENCHES = ['archive.ts', 'documents.ts', 'pdf-split.ts', 'inbox.ts', 'blob-stores.ts', 'cli.ts', 'page-bundles.ts'];
const only = process.argv[2];

function findBenches(): string[] {
  const out: string[] = [];
  const plugins = join(root, 'plugins');
  for (const p of readdirSync(plugins)) {
    const f = join(plugins, p, 'src', 'bench.ts');
    if (existsSync(f)) out.push(f);
  }
  for (const f of MODULE_BENCHES) out.push(join(import.meta.dirname, f));
  return out;
}

function print(section: string, figures: Figure[]): void {
  console.log(`\n## ${section}`);
  for (const f of figures) console.log(`  ${f.name.padEnd(62)} ${String(f.value).padStart(10)} ${f.unit}${f.note ? `   (${f.note})` : ''}`);
}

if (!only || only === 'platform') {
  print(
    'platform (sandbox; each figure names its remote latency)',
    await benchPlatform({ letters: Number(process.env.BENCH_LETTERS ?? 10_000) }),
  );
}
for (const file of findBenches()) {
  const name = relative(root, file);
  if (only && only !== 'platform' && !name.includes(only)) continue;
  if (only === 'platform' || only === 'soak') continue;
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: () => Promise<Figure[]> };
    if (typeof mod.default !== 'function') continue;
    print(name, await mod.default());
  } catch (e) {
    console.log(`\n## ${name}\n  FAILED: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
// The soak takes ten minutes: only when asked for.
if (process.env.BENCH_SOAK === '1' || only === 'soak') {
  const { default: soak } = await import('./soak.ts');
  print(`soak (BENCH_SOAK_MINUTES=${process.env.BENCH_SOAK_MINUTES ?? 10})`, await soak());
}
process.exit();
