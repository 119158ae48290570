/**
 * @module
 * The engine's side of the PDF split bench, run in a process of its own so that its peak RSS is
 * the engine's and a fresh process's, not the bench runner's (which built the 10,000-page input
 * and ran other benches before): `node --import tsx test/bench/pdf-split-process.ts <input.pdf>
 * <letters> <workdir>` splits the input by identifier without and with CPR redaction and prints
 * one line of JSON with the figures. `measure` is shared with the bench that starts it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createPdfEngine, type PdfProgress } from '../../platform/src/pdf-engine/index.ts';
import { mergeRunPdf } from '../fixtures/pdf/raw-pdf.ts';

/** One split as measured. */
export interface SplitRun {
  redactCpr: boolean;
  seconds: number;
  cpu: number;
  loopP99Ms: number;
}

/** What the process prints. */
export interface SplitProcessReport {
  runs: SplitRun[];
  progressReports: number;
  /** RSS with the engine's threads started and PDFium loaded, before the first split. */
  rssBeforeMb: number;
  /** The process's peak RSS over the splits (VmHWM, reset before the first). */
  peakRssMb: number;
}

/** Runs `fn`, answering its wall seconds, CPU seconds (threads included) and the event loop's p99 delay meanwhile. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number; loopP99Ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  h.disable();
  return { value, seconds, cpu: (c.user + c.system) / 1e6, loopP99Ms: h.percentile(99) / 1e6 };
}

const mb = (kb: string | undefined) => Number(kb ?? NaN) / 1024;
const status = () => readFileSync('/proc/self/status', 'latin1');

async function main(input: string, letters: number, workDir: string): Promise<SplitProcessReport> {
  const engine = createPdfEngine({ maxPages: 2 * letters, timeoutMs: 30 * 60_000 });
  try {
    // Threads started and PDFium loaded, as in a running platform.
    await engine.inspect({ bytes: mergeRunPdf(1, 1) });
    writeFileSync('/proc/self/clear_refs', '5'); // VmHWM from here
    const rssBeforeMb = mb(/VmRSS:\s+(\d+) kB/.exec(status())?.[1]);
    let progressReports = 0;
    const onProgress = (_: PdfProgress) => progressReports++;
    const runs: SplitRun[] = [];
    for (const redactCpr of [false, true]) {
      const out = join(workDir, redactCpr ? 'redacted' : 'plain');
      mkdirSync(out);
      const r = await measure(() => engine.split({ path: input }, { by: 'identifier', redactCpr, outDir: out }, onProgress));
      if (r.value.letters.length !== letters) throw new Error(`expected ${letters} letters, got ${r.value.letters.length}`);
      runs.push({ redactCpr, seconds: r.seconds, cpu: r.cpu, loopP99Ms: r.loopP99Ms });
      rmSync(out, { recursive: true, force: true });
    }
    return { runs, progressReports, rssBeforeMb, peakRssMb: mb(/VmHWM:\s+(\d+) kB/.exec(status())?.[1]) };
  } finally {
    await engine.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [input, letters, workDir] = process.argv.slice(2);
  console.log(JSON.stringify(await main(input!, Number(letters), workDir!)));
}
