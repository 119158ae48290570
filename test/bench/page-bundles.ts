/**
 * @module
 * What a browser downloads to open each page the platform serves: the page's script and every
 * chunk it imports statically (issue 17: the console's first load under 1 MB compressed), as the
 * platform sends them (brotli, the build's `.br` files), and what is loaded later on demand
 * (Statistik's charts, pdf.js and its worker when a letter's pages are drawn).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildAddins } from '@brevdue/addins/build';
import type { Figure } from './platform-throughput.ts';

const PAGES = [
  { name: 'console (/console)', html: 'console/console.html' },
  { name: 'Word task pane', html: 'word/taskpane.html' },
  { name: 'Outlook task pane', html: 'outlook/taskpane.html' },
  { name: '/send', html: 'web/send.html' },
];

// esbuild's ESM output: `import{a as b}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`.
const STATIC_IMPORT =
  /\b(?:import|export)\s*(?:\{[^}]*\}|\*\s*as\s*[\w$]+|[\w$]+(?:\s*,\s*\{[^}]*\})?)?\s*(?:from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
const WORKER_URL = /["']\/addins\/([a-z]+\/[\w.-]+\.js)["']/g;

const brBytes = (file: string) => statSync(`${file}.br`).size;
const kb = (bytes: number) => Math.round(bytes / 1024);

/** The files a script pulls in: `kind` static (with it) or lazy (on demand), transitively. */
function graph(dir: string, entry: string): { first: Set<string>; later: Set<string> } {
  const first = new Set<string>();
  const later = new Set<string>();
  const visit = (file: string, lazy: boolean) => {
    const into = lazy ? later : first;
    if (first.has(file) || into.has(file)) return;
    into.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) visit(join(dirname(file), m[1]!), lazy);
    for (const m of code.matchAll(DYNAMIC_IMPORT)) visit(join(dirname(file), m[1]!), true);
    for (const m of code.matchAll(WORKER_URL)) visit(join(dir, m[1]!), true);
  };
  visit(entry, false);
  for (const f of first) later.delete(f);
  return { first, later };
}

export default async function bench(): Promise<Figure[]> {
  const { dir } = await buildAddins();
  const figures: Figure[] = [];
  for (const p of PAGES) {
    const html = readFileSync(join(dir, p.html), 'utf8');
    const src = /<script type="module" src="\/addins\/([^"]+)"/.exec(html)?.[1];
    if (!src) throw new Error(`${p.html} names no module script`);
    const { first, later } = graph(dir, join(dir, src));
    const sum = (files: Set<string>) => [...files].reduce((n, f) => n + brBytes(f), 0);
    const raw = [...first].reduce((n, f) => n + statSync(f).size, 0);
    figures.push({
      name: `${p.name}: JavaScript of the first load, compressed`,
      value: kb(sum(first)),
      unit: 'KB',
      note: `brotli as served; ${kb(raw)} KB uncompressed in ${first.size} file(s)${p.html.startsWith('console') ? '; target < 1,024 KB' : ''}`,
    });
    if (later.size > 0)
      figures.push({
        name: `${p.name}: loaded on demand, compressed`,
        value: kb(sum(later)),
        unit: 'KB',
        note: [...later].map((f) => `${relative(dir, f)} ${kb(brBytes(f))} KB`).join(', '),
      });
  }
  return figures;
}
