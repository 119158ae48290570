/**
 * @module
 * The operations a PDF worker thread runs, and the messages between the engine and its threads.
 * Each task opens the document itself (PDFium handles cannot cross threads), so a large job can
 * be cut into page ranges that run on several threads at once.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findActiveContent, type ActiveContent } from './active-content.ts';
import { rebuildWithoutActiveContent } from './remove-active-content.ts';
import { PdfRedactionError, type SerializedPdfError } from './pdf-engine-errors.ts';
import { pageLayout, type PageLayout } from './page-layout.ts';
import {
  assertMemory,
  importPages,
  newDocumentFromPages,
  openDocument,
  pageText,
  withPageText,
  saveDocument,
  type DocumentLimits,
  type Pdfium,
  type PdfSource,
} from './pdfium-document.ts';
import type { Recipient } from './plan-letters.ts';
import { assertNoCpr, redactCprOnPage } from './redact-cpr.ts';
import { scanIdentifiers } from './scan-identifiers.ts';
import { addressAreaOnPage, addresseeName } from './addressee-name.ts';

/** Opens the document, applies the limits (pages, inflated streams) and answers its page count. */
export interface OpenTask {
  op: 'open';
  src: PdfSource;
  limits: DocumentLimits;
}
/** Reads pages `[from, to)` (0-based): the identifiers on each, and its text when asked. */
export interface ScanTask {
  op: 'scan';
  src: PdfSource;
  limits: DocumentLimits;
  from: number;
  to: number;
  withText: boolean;
}
/** Writes letters: each a new PDF of the given 1-based pages, optionally with CPR numbers removed. */
export interface WriteTask {
  op: 'write';
  src: PdfSource;
  limits: DocumentLimits;
  letters: Array<{
    pages: number[];
    file?: string;
    /**
     * 0-based pages of the letter whose text holds a CPR (known from a scan of the same pages);
     * only these are redacted. Absent: every page is searched.
     */
    cprPages?: number[];
  }>;
  redactCpr: boolean;
  /** Write each letter to `join(outDir, file)` instead of answering its bytes. */
  outDir?: string;
}
/** Opens the document with its limits, loads every page and finds its active content. */
export interface CheckTask {
  op: 'check';
  src: PdfSource;
  limits: DocumentLimits;
}
/** Rebuilds the document without active content, writes it to `outPath`, and checks the result. */
export interface CleanTask {
  op: 'clean';
  src: PdfSource;
  limits: DocumentLimits;
  outPath: string;
}
/** Every page's printed size and page 1's text runs with their boxes (for the print preflight). */
export interface LayoutTask {
  op: 'layout';
  src: PdfSource;
  limits: DocumentLimits;
}
/** A new PDF: the pages of `front` (a trusted PDF we made, e.g. an address cover page), then the document's. */
export interface PrependTask {
  op: 'prepend';
  src: PdfSource;
  limits: DocumentLimits;
  front: Uint8Array;
}
export type PdfTask = OpenTask | ScanTask | WriteTask | CheckTask | CleanTask | LayoutTask | PrependTask;

export interface ScannedPage {
  ids: Recipient[];
  /** The name in the page's address block, read only from pages with an identifier. */
  addressee?: string;
  text?: string;
}
export interface WrittenLetter {
  bytes?: Uint8Array;
  path?: string;
  size: number;
  /** How many distinct CPR numbers were removed. */
  redacted: number;
}
export type TaskResult =
  | { op: 'open'; pages: number }
  | { op: 'scan'; pages: ScannedPage[] }
  | { op: 'write'; letters: WrittenLetter[] }
  | { op: 'check'; pages: number; activeContent: ActiveContent[] }
  | { op: 'clean'; pages: number; size: number; activeContent: ActiveContent[] }
  | ({ op: 'layout' } & PageLayout)
  | { op: 'prepend'; bytes: Uint8Array };

/** Engine → thread. */
export interface TaskRequest {
  id: number;
  task: PdfTask;
}
/** Thread → engine. `recycle`: the thread's heap grew past what it should keep; replace it. */
export type TaskAnswer =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number; result: TaskResult; recycle: boolean }
  | { type: 'failed'; id: number; error: SerializedPdfError; recycle: boolean };

/** Runs one task in this thread; `progress(n)` says n more pages are done. */
export function runTask(m: Pdfium, task: PdfTask, progress: (pages: number) => void): TaskResult {
  const guard = task.op === 'open' || task.op === 'check' || task.op === 'clean' || task.op === 'layout';
  const opened = openDocument(m, task.src, task.limits, guard);
  try {
    if (task.op === 'open') return { op: 'open', pages: opened.pages };
    if (task.op === 'check') {
      const found = findActiveContent(m, opened.doc, opened.pages, opened.bytes(), task.limits.maxInflatedBytes, progress);
      return { op: 'check', pages: opened.pages, activeContent: found };
    }
    if (task.op === 'clean') return clean(m, opened.doc, opened.pages, task, progress);
    if (task.op === 'scan') return { op: 'scan', pages: scan(m, opened.doc, task, progress) };
    if (task.op === 'layout') return { op: 'layout', ...pageLayout(m, opened.doc, opened.pages, progress) };
    if (task.op === 'prepend') return { op: 'prepend', bytes: prepend(m, opened.doc, opened.pages, task) };
    return { op: 'write', letters: write(m, opened.doc, task, progress) };
  } finally {
    opened.close();
  }
}

function prepend(m: Pdfium, doc: number, pages: number, task: PrependTask): Uint8Array {
  const front = openDocument(m, { bytes: task.front }, task.limits, false);
  try {
    const out = newDocumentFromPages(
      m,
      front.doc,
      Array.from({ length: front.pages }, (_, i) => i),
    );
    return withDocument(m, out, (o) => {
      importPages(
        m,
        o,
        doc,
        Array.from({ length: pages }, (_, i) => i),
        front.pages,
      );
      return saveDocument(m, o);
    });
  } finally {
    front.close();
  }
}

function clean(m: Pdfium, doc: number, pages: number, task: CleanTask, progress: (pages: number) => void): TaskResult {
  const bytes = rebuildWithoutActiveContent(m, doc, pages, progress);
  // The rebuilt file is checked as an upload is: what is left of the active content is answered.
  const again = openDocument(m, { bytes }, task.limits, true);
  let left: ActiveContent[];
  try {
    left = findActiveContent(m, again.doc, again.pages, again.bytes(), task.limits.maxInflatedBytes, () => {});
  } finally {
    again.close();
  }
  writeFileSync(task.outPath, bytes);
  return { op: 'clean', pages, size: bytes.length, activeContent: left };
}

function scan(m: Pdfium, doc: number, task: ScanTask, progress: (pages: number) => void): ScannedPage[] {
  const out: ScannedPage[] = [];
  for (let i = task.from; i < task.to; i++) {
    // A page with an identifier may start a letter: its address block names the addressee.
    const page = withPageText(m, doc, i, (text, within): ScannedPage => {
      const ids = scanIdentifiers(text).map(({ idType, id }) => ({ idType, id }));
      const addressee = ids.length > 0 ? addresseeName(within(addressAreaOnPage)) : undefined;
      return { ids, ...(addressee ? { addressee } : {}), ...(task.withText ? { text } : {}) };
    });
    out.push(page);
    progress(1);
    if (i % 64 === 0) assertMemory(m, task.limits);
  }
  return out;
}

/** Runs `fn` on a PDFium document and closes it afterwards. */
function withDocument<T>(m: Pdfium, doc: number, fn: (doc: number) => T): T {
  try {
    return fn(doc);
  } finally {
    m.FPDF_CloseDocument(doc);
  }
}

/**
 * A letter of the given pages with every CPR number cut out, proven clean: the redacted file is
 * opened again and its pages copied into a fresh document (a save keeps the replaced content
 * streams as unreferenced objects; a copy takes only what the pages reach), its text is read
 * again for any CPR, and its bytes are searched for the numbers removed.
 * @throws PdfRedactionError when any check finds a number
 */
function redactedLetter(
  m: Pdfium,
  doc: number,
  letter: WriteTask['letters'][number],
  limits: DocumentLimits,
  removed: Set<string>,
): Uint8Array {
  const { pages } = letter;
  const where = `letter of pages ${pages[0]}–${pages.at(-1)}`;
  const changed: number[] = [];
  const first = withDocument(
    m,
    newDocumentFromPages(
      m,
      doc,
      pages.map((p) => p - 1),
    ),
    (copy) => {
      for (const i of letter.cprPages ?? pages.map((_, i) => i)) {
        const ids = redactCprOnPage(m, copy, i);
        if (ids.length > 0) changed.push(i);
        for (const id of ids) removed.add(id);
      }
      return saveDocument(m, copy);
    },
  );
  // Nothing cut out: the copy is the letter as it is.
  if (changed.length === 0) return first;
  const reopened = openDocument(m, { bytes: first }, limits, false);
  try {
    // Pages not redacted had no CPR in the same text a moment ago; the redacted ones are read again.
    for (const i of changed) {
      if (scanIdentifiers(pageText(m, reopened.doc, i)).some((h) => h.idType === 'CPR'))
        throw new PdfRedactionError(`${where}, text of page ${i + 1}`);
    }
    const all = Array.from({ length: reopened.pages }, (_, i) => i);
    const bytes = withDocument(m, newDocumentFromPages(m, reopened.doc, all), (clean) => saveDocument(m, clean));
    assertNoCpr(bytes, removed, where);
    return bytes;
  } finally {
    reopened.close();
  }
}

function write(m: Pdfium, doc: number, task: WriteTask, progress: (pages: number) => void): WrittenLetter[] {
  const out: WrittenLetter[] = [];
  const written: string[] = [];
  try {
    for (const letter of task.letters) {
      const removed = new Set<string>();
      const bytes = task.redactCpr
        ? redactedLetter(m, doc, letter, task.limits, removed)
        : withDocument(
            m,
            newDocumentFromPages(
              m,
              doc,
              letter.pages.map((p) => p - 1),
            ),
            (copy) => saveDocument(m, copy),
          );
      if (task.outDir && letter.file) {
        const path = join(task.outDir, letter.file);
        writeFileSync(path, bytes);
        written.push(path);
        out.push({ path, size: bytes.length, redacted: removed.size });
      } else out.push({ bytes, size: bytes.length, redacted: removed.size });
      progress(letter.pages.length);
      assertMemory(m, task.limits);
    }
  } catch (e) {
    // Nothing half-done stays on disk.
    for (const p of written) rmSync(p, { force: true });
    throw e;
  }
  return out;
}
