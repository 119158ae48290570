/**
 * @module
 * The PDF engine: reads, splits and redacts untrusted PDFs on worker threads (PDFium compiled to
 * WebAssembly), with limits on pages, time, memory and inflated stream size, so the API's event
 * loop keeps answering while a 10,000-page merge letter is split or a hostile document is refused.
 */
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ActiveContent } from './active-content.ts';
import type { DocumentLimits, PdfSource } from './pdfium-document.ts';
import { planLetters, type Recipient, type SplitBy } from './plan-letters.ts';
import type { PageLayout } from './page-layout.ts';
import type { ScannedPage, TaskResult, WrittenLetter } from './pdf-tasks.ts';
import { createWorkerPool, type TaskTime } from './worker-pool.ts';

/** Limits and threads of {@link createPdfEngine}; every field has a default. */
export interface PdfEngineOptions {
  /** Most pages a document may have (default 2,000; a merge run of 5,000 letters needs 10,000). */
  maxPages?: number;
  /**
   * Most milliseconds one task of an operation may run on a thread (default 120,000); waiting for
   * a free thread is not counted. An operation is one to three tasks (open, read, write).
   */
  timeoutMs?: number;
  /** Most memory one thread may use, WebAssembly heap and JavaScript heap, in MB (default 512). */
  maxMemoryMb?: number;
  /** Most bytes one compressed stream may inflate to (default 64 MiB). */
  maxInflatedBytes?: number;
  /** Worker threads (default 2: the machines this runs on have two cores). */
  threads?: number;
}

/** A recipient found in a document (what `POST /v1/documents/{id}/recipients` answers). */
export interface FoundRecipient extends Recipient {
  /** 1-based page numbers, ascending. */
  pages: number[];
}

/** Limits of one call instead of the engine's (an upload may allow fewer pages than a split). */
export interface CallLimits {
  maxPages?: number;
  maxInflatedBytes?: number;
  timeoutMs?: number;
}

/** Options of {@link PdfEngine.inspect}; by default it answers pages and recipients. */
export interface InspectOptions {
  /** Each page's text too. */
  text?: boolean;
  /** Search the text for CPR/CVR numbers (default true; false skips reading the text at all). */
  recipients?: boolean;
  /** Load every page and find active content: JavaScript, launch actions, embedded files. */
  activeContent?: boolean;
  limits?: CallLimits;
}

/** What {@link PdfEngine.inspect} answers. */
export interface PdfInspection {
  pages: number;
  /** Valid CPR/CVR numbers in order of first appearance, with their pages (empty when not searched). */
  recipients: FoundRecipient[];
  /** Each page's text (index 0 = page 1), when asked for. */
  texts?: string[];
  /** Active content found, when asked for (empty: none). */
  activeContent?: ActiveContent[];
}

/** Progress of a long operation: `pages` of `of` done in the current phase. */
export interface PdfProgress {
  phase: 'read' | 'write';
  pages: number;
  of: number;
}

/** Options of {@link PdfEngine.split}. */
export type SplitOptions = SplitBy & {
  /** Remove every CPR number from the letters' content (default false). */
  redactCpr?: boolean;
  /** Write each letter to this folder as `letter-00001.pdf`… instead of answering its bytes. */
  outDir?: string;
};

/** One letter of a split: its PDF holds only its own pages. */
export interface SplitLetter extends WrittenLetter {
  recipient?: Recipient;
  /** The name in the address block of the letter's first page, when one was read there. */
  addressee?: string;
  /** 1-based pages of the source. */
  pages: number[];
}

/** What {@link PdfEngine.split} answers. */
export interface SplitResult {
  pages: number;
  letters: SplitLetter[];
  /** Pages before the first identifier (by identifier): in no letter, and reported, never dropped. */
  unassignedPages: number[];
}

/** What {@link PdfEngine.clean} answers. */
export interface CleanResult {
  pages: number;
  /** Bytes written. */
  size: number;
  /** Active content still in the rebuilt file (empty: none). */
  activeContent: ActiveContent[];
}

/** CPR numbers in a document other than the allowed ones: the leak guard's answer. */
export interface LeakReport {
  foreign: Array<{ cpr: string; pages: number[] }>;
}

/** The engine's operations; each runs on a worker thread and never blocks the caller's event loop. */
export interface PdfEngine {
  /**
   * Page count, identifiers with their pages, and optionally each page's text and the active content.
   * @throws PdfLimitError, PdfUnreadableError, PdfEngineError; RangeError for a bad limit
   */
  inspect(src: PdfSource, options?: InspectOptions): Promise<PdfInspection>;
  /**
   * Splits a merged PDF into one PDF per letter.
   * @throws PdfLimitError, PdfUnreadableError, PdfRedactionError, PdfEngineError; RangeError for bad options
   */
  split(src: PdfSource, options: SplitOptions, onProgress?: (p: PdfProgress) => void): Promise<SplitResult>;
  /**
   * Removes every CPR number from a whole document (written to `outPath` when given).
   * @throws as {@link PdfEngine.split}
   */
  redact(src: PdfSource, options?: { outPath?: string }): Promise<WrittenLetter>;
  /**
   * The CPR numbers in the document's text other than `allowedCprs` (digits, with or without dash).
   * @throws as {@link PdfEngine.inspect}
   */
  leakCheck(src: PdfSource, allowedCprs: readonly string[]): Promise<LeakReport>;
  /**
   * Rebuilds a PDF without active content (only what its pages print) into `outPath`, and answers
   * what the rebuilt file still carries (empty: clean). Links and form fields stop working; their
   * appearance stays.
   * @throws as {@link PdfEngine.inspect}
   */
  clean(src: PdfSource, options: { outPath: string; limits?: CallLimits }): Promise<CleanResult>;
  /**
   * Every page's printed size and page 1's text runs with their boxes: what the print
   * preflight judges.
   * @throws as {@link PdfEngine.inspect}
   */
  layout(src: PdfSource, options?: { limits?: CallLimits }): Promise<PageLayout>;
  /**
   * A new PDF of `front`'s pages (a PDF we made ourselves, such as an address cover page)
   * followed by the document's.
   * @throws as {@link PdfEngine.inspect}
   */
  prepend(src: PdfSource, front: Uint8Array): Promise<Uint8Array>;
  /** Stops the threads; calls still running fail with PdfEngineError. */
  close(): Promise<void>;
}

const DEFAULTS = { maxPages: 2000, timeoutMs: 120_000, maxMemoryMb: 512, maxInflatedBytes: 64 * 2 ** 20, threads: 2 } as const;
// A job smaller than this runs on one thread: opening the document twice would cost more.
const PAGES_PER_CHUNK = 250;
const WRITE_PAGES_PER_TASK = 1000;

/** Splits `[0, n)` into at most `parts` contiguous ranges of similar size. */
function ranges(n: number, parts: number): Array<[number, number]> {
  const k = Math.max(1, Math.min(parts, Math.ceil(n / PAGES_PER_CHUNK)));
  return Array.from({ length: k }, (_, i) => [Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)] as [number, number]).filter(
    ([a, b]) => b > a,
  );
}

function checkOption(name: keyof PdfEngineOptions, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0 || !Number.isInteger(v)) {
    throw new RangeError(
      `PDF engine option "${name}" must be a whole number > 0, not ${String(value)}; leave it out for the default ${fallback}`,
    );
  }
  return v;
}

/**
 * Starts the PDF engine: a pool of worker threads that each load PDFium once.
 * @example
 * const engine = createPdfEngine({ maxPages: 10_000 });
 * const { letters } = await engine.split({ path: blobPath }, { by: 'identifier', redactCpr: true }, (p) => report(p));
 * await engine.close();
 * @throws RangeError naming the option that is not a whole number > 0
 */
export function createPdfEngine(options: PdfEngineOptions = {}): PdfEngine {
  const maxPages = checkOption('maxPages', options.maxPages, DEFAULTS.maxPages);
  const timeoutMs = checkOption('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs);
  const maxMemoryMb = checkOption('maxMemoryMb', options.maxMemoryMb, DEFAULTS.maxMemoryMb);
  const maxInflatedBytes = checkOption('maxInflatedBytes', options.maxInflatedBytes, DEFAULTS.maxInflatedBytes);
  const threads = checkOption('threads', options.threads, DEFAULTS.threads);
  const limits = { maxPages, maxInflatedBytes, maxMemoryBytes: maxMemoryMb * 2 ** 20 };
  // A thread that kept more than a quarter of its budget after a task is replaced: WebAssembly
  // memory never shrinks, and a later small task should not sit on a large heap.
  const pool = createWorkerPool({ threads, maxMemoryMb, recycleBytes: (maxMemoryMb * 2 ** 20) / 4 });

  /** The time and limits of one call: the engine's, or the call's own where it gives them. */
  function forCall(own: CallLimits = {}): { time: TaskTime; callLimits: DocumentLimits } {
    const pick = (name: keyof CallLimits & keyof PdfEngineOptions, fallback: number) =>
      own[name] === undefined ? fallback : checkOption(name, own[name], fallback);
    return {
      time: { timeoutMs: pick('timeoutMs', timeoutMs) },
      callLimits: { ...limits, maxPages: pick('maxPages', maxPages), maxInflatedBytes: pick('maxInflatedBytes', maxInflatedBytes) },
    };
  }

  async function open(src: PdfSource, time: TaskTime, lim: DocumentLimits = limits): Promise<number> {
    const r = await pool.run({ op: 'open', src, limits: lim }, time);
    return (r as Extract<TaskResult, { op: 'open' }>).pages;
  }

  async function scan(
    src: PdfSource,
    pages: number,
    withText: boolean,
    time: TaskTime,
    onProgress?: (p: PdfProgress) => void,
    lim: DocumentLimits = limits,
  ): Promise<ScannedPage[]> {
    let done = 0;
    const tick = (n: number) => onProgress?.({ phase: 'read', pages: (done += n), of: pages });
    const parts = await Promise.all(
      ranges(pages, threads).map(([from, to]) => pool.run({ op: 'scan', src, limits: lim, from, to, withText }, time, tick)),
    );
    return parts.flatMap((r) => (r as Extract<TaskResult, { op: 'scan' }>).pages);
  }

  return {
    async inspect(src, opts = {}) {
      const { time, callLimits } = forCall(opts.limits);
      let pages: number;
      let activeContent: ActiveContent[] | undefined;
      if (opts.activeContent) {
        const r = (await pool.run({ op: 'check', src, limits: callLimits }, time)) as Extract<TaskResult, { op: 'check' }>;
        ({ pages, activeContent } = r);
      } else pages = await open(src, time, callLimits);
      const wantText = opts.text === true;
      if (!wantText && opts.recipients === false) return { pages, recipients: [], ...(activeContent ? { activeContent } : {}) };
      const scanned = await scan(src, pages, wantText, time, undefined, callLimits);
      const found = new Map<string, FoundRecipient>();
      scanned.forEach((p, i) => {
        for (const id of p.ids) {
          const key = `${id.idType}:${id.id}`;
          const entry = found.get(key) ?? { ...id, pages: [] };
          if (entry.pages.at(-1) !== i + 1) entry.pages.push(i + 1);
          found.set(key, entry);
        }
      });
      const result: PdfInspection = { pages, recipients: opts.recipients === false ? [] : [...found.values()] };
      if (wantText) result.texts = scanned.map((p) => p.text ?? '');
      if (activeContent) result.activeContent = activeContent;
      return result;
    },

    async split(src, opts, onProgress) {
      const time = { timeoutMs };
      // Validate before any work (planLetters throws the same for pages).
      if (opts.by === 'pages') planLetters([], opts);
      const pages = await open(src, time);
      const scanned = await scan(src, pages, false, time, onProgress);
      const plan = planLetters(
        scanned.map((p) => p.ids),
        opts,
      );
      const files = plan.letters.map((_, i) => `letter-${String(i + 1).padStart(5, '0')}.pdf`);
      // Letters in contiguous groups of about equal page count, one group per thread — of at most
      // WRITE_PAGES_PER_TASK pages: each task opens the document afresh, so what PDFium keeps of
      // the pages it parsed is let go between tasks instead of growing over the whole document.
      const groups: number[][] = [];
      const perGroup = Math.min(WRITE_PAGES_PER_TASK, Math.max(PAGES_PER_CHUNK, Math.ceil(pages / threads)));
      let count = 0;
      plan.letters.forEach((l, i) => {
        if (groups.length === 0 || count >= perGroup) {
          groups.push([]);
          count = 0;
        }
        groups.at(-1)!.push(i);
        count += l.pages.length;
      });
      let done = 0;
      const of = plan.letters.reduce((n, l) => n + l.pages.length, 0);
      const tick = (n: number) => onProgress?.({ phase: 'write', pages: (done += n), of });
      try {
        const written = await Promise.all(
          groups.map((g) =>
            pool.run(
              {
                op: 'write',
                src,
                limits,
                redactCpr: opts.redactCpr === true,
                outDir: opts.outDir,
                letters: g.map((i) => {
                  const pages = plan.letters[i]!.pages;
                  // The scan already knows which pages carry a CPR: only those need redacting.
                  const cprPages = pages.flatMap((p, j) => (scanned[p - 1]!.ids.some((id) => id.idType === 'CPR') ? [j] : []));
                  return { pages, file: files[i], cprPages };
                }),
              },
              time,
              tick,
            ),
          ),
        );
        const letters = written.flatMap((r) => (r as Extract<TaskResult, { op: 'write' }>).letters);
        return {
          pages,
          unassignedPages: plan.unassignedPages,
          letters: plan.letters.map((l, i) => {
            // The name in the address block of the letter's first page, when it has one.
            const addressee = l.recipient ? scanned[l.pages[0]! - 1]?.addressee : undefined;
            return { ...l, ...letters[i]!, ...(addressee ? { addressee } : {}) };
          }),
        };
      } catch (e) {
        // A thread stopped mid-task cannot clean up after itself: remove every letter of this split.
        if (opts.outDir) for (const f of files) rmSync(join(opts.outDir, f), { force: true });
        throw e;
      }
    },

    async redact(src, opts = {}) {
      const time = { timeoutMs };
      const pages = await open(src, time);
      const outDir = opts.outPath ? dirname(opts.outPath) : undefined;
      const file = opts.outPath ? basename(opts.outPath) : undefined;
      try {
        const r = await pool.run(
          { op: 'write', src, limits, redactCpr: true, outDir, letters: [{ pages: Array.from({ length: pages }, (_, i) => i + 1), file }] },
          time,
        );
        return (r as Extract<TaskResult, { op: 'write' }>).letters[0]!;
      } catch (e) {
        if (opts.outPath) rmSync(opts.outPath, { force: true });
        throw e;
      }
    },

    async layout(src, opts = {}) {
      const { time, callLimits } = forCall(opts.limits);
      const { op: _op, ...layout } = (await pool.run({ op: 'layout', src, limits: callLimits }, time)) as Extract<
        TaskResult,
        { op: 'layout' }
      >;
      return layout;
    },

    async prepend(src, front) {
      const r = (await pool.run({ op: 'prepend', src, limits, front }, { timeoutMs })) as Extract<TaskResult, { op: 'prepend' }>;
      return r.bytes;
    },

    async leakCheck(src, allowedCprs) {
      const time = { timeoutMs };
      const allowed = new Set(allowedCprs.map((c) => c.replace(/\D/g, '')));
      const pages = await open(src, time);
      const scanned = await scan(src, pages, false, time);
      const foreign = new Map<string, number[]>();
      scanned.forEach((p, i) => {
        for (const id of p.ids) {
          if (id.idType !== 'CPR' || allowed.has(id.id)) continue;
          const list = foreign.get(id.id) ?? [];
          if (list.at(-1) !== i + 1) list.push(i + 1);
          foreign.set(id.id, list);
        }
      });
      return { foreign: [...foreign].map(([cpr, pages]) => ({ cpr, pages })) };
    },

    async clean(src, opts) {
      const { time, callLimits } = forCall(opts.limits);
      try {
        const r = (await pool.run({ op: 'clean', src, limits: callLimits, outPath: opts.outPath }, time)) as Extract<
          TaskResult,
          { op: 'clean' }
        >;
        return { pages: r.pages, size: r.size, activeContent: r.activeContent };
      } catch (e) {
        // A thread stopped mid-task cannot clean up after itself.
        rmSync(opts.outPath, { force: true });
        throw e;
      }
    },

    close: () => pool.close(),
  };
}
