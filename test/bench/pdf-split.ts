/**
 * @module
 * The PDF engine against Debian's C tools on one 10,000-page merge run (5,000 letters of two
 * pages): split by identifier with and without CPR redaction, beside `qpdf --split-pages=2` plus
 * `pdftotext` on the same file, as ratios; the peak RSS of a process of its own doing the splits
 * (pdf-split-process.ts; the engine's worker threads live in it); and how late the caller's event loop ran while it worked — and while
 * hostile documents were refused. Standalone: `node --import tsx test/bench/pdf-split.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPdfEngine } from '../../platform/src/pdf-engine/index.ts';
import { measure, type SplitProcessReport } from './pdf-split-process.ts';
import { blankPagesPdf, inflateBombPdf, mergeRunPdf } from '../fixtures/pdf/raw-pdf.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

const SPLIT_PROCESS = join(import.meta.dirname, 'pdf-split-process.ts');

const LETTERS = Number(process.env.BENCH_PDF_LETTERS ?? 5000);

/** CPU seconds of this process's finished children (utime + stime of waited-for children). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ');
  // After "pid (comm) ", field 3 is index 0: cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function hasTool(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error === undefined;
}

export default async function bench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-pdf-bench-'));
  const figures: Figure[] = [];
  try {
    const input = join(dir, 'merge.pdf');
    writeFileSync(input, mergeRunPdf(LETTERS, 2));

    let cSeconds: number | undefined;
    if (hasTool('qpdf') && hasTool('pdftotext')) {
      mkdirSync(join(dir, 'qpdf'));
      const cpu0 = childCpuSeconds();
      const t0 = performance.now();
      const q = spawnSync('qpdf', ['--split-pages=2', input, join(dir, 'qpdf', 'letter-%d.pdf')]);
      const t = spawnSync('pdftotext', [input, join(dir, 'text.txt')]);
      cSeconds = (performance.now() - t0) / 1000;
      if (q.status !== 0 || t.status !== 0) throw new Error(`qpdf/pdftotext failed: ${q.stderr.toString()}${t.stderr.toString()}`);
      figures.push({
        name: 'C pipeline: qpdf --split-pages=2 + pdftotext',
        value: cSeconds,
        unit: 's',
        note: `CPU ${(childCpuSeconds() - cpu0).toFixed(1)} s`,
      });
    } else {
      figures.push({
        name: 'C pipeline',
        value: 0,
        unit: '',
        note: 'qpdf not installed (apt-get install -y qpdf poppler-utils); no ratios',
      });
    }

    // The splits run in a fresh process of their own: its peak RSS is the engine's, not this one's.
    const child = spawnSync(process.execPath, ['--import', 'tsx', SPLIT_PROCESS, input, String(LETTERS), dir], {
      encoding: 'utf8',
      maxBuffer: 2 ** 20,
    });
    if (child.status !== 0) throw new Error(`the split process failed: ${child.stderr}`);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as SplitProcessReport;
    for (const r of report.runs) {
      const label = r.redactCpr ? 'split by identifier + find + redactCpr' : 'split by identifier + find';
      const target = r.redactCpr ? 4 : 2;
      figures.push({
        name: `engine: ${label} (${2 * LETTERS} pages)`,
        value: r.seconds,
        unit: 's',
        note: `CPU ${r.cpu.toFixed(1)} s, ${((2 * LETTERS) / r.seconds).toFixed(0)} pages/s`,
      });
      if (cSeconds !== undefined) {
        figures.push({ name: `ratio ${label} / C pipeline`, value: r.seconds / cSeconds, unit: '×', note: `target ≤ ${target}×` });
      }
      figures.push({ name: `event loop p99 delay during ${label}`, value: r.loopP99Ms, unit: 'ms', note: 'target < 200 ms' });
    }
    figures.push({ name: 'progress reports during the two splits', value: report.progressReports, unit: '' });
    figures.push({
      name: 'peak RSS of a process splitting (engine threads included)',
      value: Math.round(report.peakRssMb),
      unit: 'MB',
      note: `target < 500 MB; ${Math.round(report.rssBeforeMb)} MB before the first split, with the engine started`,
    });

    const hostile = await measure(async () => {
      const bomb = join(dir, 'bomb.pdf');
      writeFileSync(bomb, inflateBombPdf());
      const blank = join(dir, 'blank.pdf');
      writeFileSync(blank, blankPagesPdf(20_000));
      const small = createPdfEngine({ maxPages: 2000 });
      try {
        const a = await small.inspect({ path: bomb }).catch((e: Error) => e.name);
        const b = await small.inspect({ path: blank }).catch((e: Error) => e.name);
        return `${String(a)}, ${String(b)}`;
      } finally {
        await small.close();
      }
    });
    figures.push({
      name: 'hostile documents (100 MB inflate bomb, 20,000 blank pages) refused',
      value: hostile.seconds,
      unit: 's',
      note: hostile.value,
    });
    figures.push({ name: 'event loop p99 delay while refusing them', value: hostile.loopP99Ms, unit: 'ms', note: 'target < 200 ms' });
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await bench()) {
    const value = f.unit === 's' || f.unit === '×' ? f.value.toFixed(2) : String(Math.round(f.value));
    console.log(`  ${f.name}: ${value} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
  }
  process.exit(0);
}
