/**
 * @module
 * PDFium (WebAssembly, through `@embedpdf/pdfium`) as the engine's worker threads use it: load
 * the module once per thread, open a document from a file or bytes straight into the WebAssembly
 * heap, read a page's text, build a new document from some pages, and save. Runs in a worker
 * only: every call blocks its thread.
 */
import { readFileSync, openSync, readSync, fstatSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import { PdfLimitError, PdfUnreadableError } from './pdf-engine-errors.ts';
import { assertInflatedSize } from './pdf-streams.ts';

/** The PDFium module of this thread. */
export type Pdfium = WrappedPdfiumModule;

/** The Emscripten heap views; typed here because the package leaves them to @types/emscripten. */
interface EmscriptenHeap {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
}
/** The current heap views (they are replaced when the WebAssembly memory grows: never keep them). */
export function heap(m: Pdfium): EmscriptenHeap {
  return m.pdfium as unknown as EmscriptenHeap;
}

/** Where a document's bytes are: a file (read by the worker) or bytes already in hand. */
export type PdfSource = { path: string } | { bytes: Uint8Array };

/** The limits a worker applies while it reads a document. */
export interface DocumentLimits {
  maxPages: number;
  maxInflatedBytes: number;
  /** WebAssembly heap plus the thread's JavaScript heap, in bytes. */
  maxMemoryBytes: number;
}

let loaded: Promise<Pdfium> | undefined;

/** Loads PDFium into this thread once (≈ 0.2 s: compiling 4.6 MB of WebAssembly). */
export function loadPdfium(): Promise<Pdfium> {
  loaded ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm');
    const m = await init({ wasmBinary: readFileSync(wasm).buffer as ArrayBuffer });
    m.PDFiumExt_Init();
    return m;
  })();
  return loaded;
}

/** The bytes PDFium holds for this thread (WebAssembly memory only grows). */
export function heapBytes(m: Pdfium): number {
  return heap(m).HEAPU8.length;
}

/** Throws when this thread's memory went past the limit. */
export function assertMemory(m: Pdfium, limits: DocumentLimits): void {
  const used = heapBytes(m) + process.memoryUsage().heapUsed;
  if (used > limits.maxMemoryBytes) throw new PdfLimitError('memory', used, limits.maxMemoryBytes);
}

/** An open document; `close()` frees it and its bytes. */
export interface OpenDocument {
  readonly doc: number;
  readonly pages: number;
  /** The file's bytes in the WebAssembly heap: a fresh view each call (the heap may have grown). */
  bytes(): Uint8Array;
  close(): void;
}

const PDFIUM_ERR_PASSWORD = 4;

/**
 * Opens a PDF: reads it into the WebAssembly heap, checks it ends with `%%EOF` (a cut upload is
 * refused: the missing tail may hold page content), guards against decompression bombs, and checks the page count.
 * @throws PdfUnreadableError, PdfLimitError (`pages`, `inflated`, `memory`)
 */
export function openDocument(m: Pdfium, src: PdfSource, limits: DocumentLimits, guardStreams: boolean): OpenDocument {
  let size: number;
  let ptr: number;
  if ('path' in src) {
    const fd = openSync(src.path, 'r');
    try {
      size = fstatSync(fd).size;
      ptr = m.pdfium.wasmExports.malloc(Math.max(1, size));
      // Read straight into the heap: one copy of a 100 MB file, not three.
      let done = 0;
      while (done < size) {
        const n = readSync(fd, heap(m).HEAPU8, ptr + done, size - done, done);
        if (n === 0) break;
        done += n;
      }
    } finally {
      closeSync(fd);
    }
  } else {
    size = src.bytes.length;
    ptr = m.pdfium.wasmExports.malloc(Math.max(1, size));
    heap(m).HEAPU8.set(src.bytes, ptr);
  }
  const free = () => m.pdfium.wasmExports.free(ptr);
  try {
    const bytes = heap(m).HEAPU8.subarray(ptr, ptr + size);
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(1024, size));
    if (!head.includes('%PDF-')) throw new PdfUnreadableError('corrupt', 'no %PDF- header');
    const tail = Buffer.from(bytes.buffer, bytes.byteOffset + Math.max(0, size - 2048), Math.min(2048, size));
    if (!tail.includes('%%EOF')) throw new PdfUnreadableError('truncated');
    if (guardStreams) assertInflatedSize(bytes, limits.maxInflatedBytes);
  } catch (e) {
    free();
    throw e;
  }
  const doc = m.FPDF_LoadMemDocument(ptr, size, '');
  if (!doc) {
    const code = m.FPDF_GetLastError();
    free();
    throw new PdfUnreadableError(code === PDFIUM_ERR_PASSWORD ? 'password_protected' : 'corrupt', `PDFium error ${code}`);
  }
  const close = () => {
    m.FPDF_CloseDocument(doc);
    free();
  };
  const pages = m.FPDF_GetPageCount(doc);
  if (pages > limits.maxPages) {
    close();
    throw new PdfLimitError('pages', pages, limits.maxPages);
  }
  if (pages < 1) {
    close();
    throw new PdfUnreadableError('no_pages');
  }
  return { doc, pages, bytes: () => heap(m).HEAPU8.subarray(ptr, ptr + size), close };
}

/** The text of a text page, one UTF-16 unit per PDFium character (so indices are char indices). */
export function textOf(m: Pdfium, textPage: number): string {
  const count = m.FPDFText_CountChars(textPage);
  if (count <= 0) return '';
  const buf = m.pdfium.wasmExports.malloc(2 * (count + 1));
  try {
    const written = m.FPDFText_GetText(textPage, 0, count, buf);
    const text = m.pdfium.UTF16ToString(buf, 2 * Math.max(0, written - 1));
    if (text.length === count) return text;
  } finally {
    m.pdfium.wasmExports.free(buf);
  }
  // Characters outside the BMP came out as two units: rebuild one unit per character.
  let out = '';
  for (let i = 0; i < count; i++) {
    const u = m.FPDFText_GetUnicode(textPage, i);
    out += u > 0xffff ? '\ufffd' : String.fromCharCode(u);
  }
  return out;
}

/** Reads one page's text (0-based index). */
export function pageText(m: Pdfium, doc: number, index: number): string {
  return withPageText(m, doc, index, (text) => text);
}

/** A rectangle in page space (points, origin bottom-left). */
export interface PageRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Loads one page (0-based index) and calls `fn` with its text and a reader of the text inside a
 * rectangle (given the page's height), valid during the call; the page is closed afterwards.
 */
export function withPageText<T>(
  m: Pdfium,
  doc: number,
  index: number,
  fn: (text: string, within: (rect: (heightPt: number) => PageRect) => string) => T,
): T {
  const page = m.FPDF_LoadPage(doc, index);
  if (!page) throw new PdfUnreadableError('corrupt', `page ${index + 1} cannot be loaded`);
  const tp = m.FPDFText_LoadPage(page);
  try {
    return fn(tp ? textOf(m, tp) : '', (rect) => (tp ? boundedText(m, tp, rect(m.FPDF_GetPageHeightF(page))) : ''));
  } finally {
    if (tp) m.FPDFText_ClosePage(tp);
    m.FPDF_ClosePage(page);
  }
}

/** The text inside a rectangle of a text page (PDFium keeps its line breaks). */
function boundedText(m: Pdfium, tp: number, r: PageRect): string {
  const count = m.FPDFText_GetBoundedText(tp, r.left, r.top, r.right, r.bottom, 0, 0);
  if (count <= 0) return '';
  const buf = m.pdfium.wasmExports.malloc(2 * (count + 1));
  try {
    const written = m.FPDFText_GetBoundedText(tp, r.left, r.top, r.right, r.bottom, buf, count);
    return m.pdfium.UTF16ToString(buf, 2 * Math.max(0, written));
  } finally {
    m.pdfium.wasmExports.free(buf);
  }
}

/**
 * A new document holding copies of the given pages (0-based, in order). PDFium copies only the
 * objects those pages reach, so other pages' content does not come along.
 */
export function newDocumentFromPages(m: Pdfium, src: number, pages: readonly number[]): number {
  const out = m.FPDF_CreateNewDocument();
  try {
    importPages(m, out, src, pages, 0);
  } catch (e) {
    m.FPDF_CloseDocument(out);
    throw e;
  }
  return out;
}

/** Copies the given pages (0-based, in order) of `src` into `dest`, the first at index `at`. */
export function importPages(m: Pdfium, dest: number, src: number, pages: readonly number[], at: number): void {
  const idx = m.pdfium.wasmExports.malloc(4 * pages.length);
  try {
    heap(m).HEAP32.set(pages, idx >> 2);
    if (!m.FPDF_ImportPagesByIndex(dest, src, idx, pages.length, at)) throw new PdfUnreadableError('corrupt', 'pages could not be copied');
  } finally {
    m.pdfium.wasmExports.free(idx);
  }
}

const FPDF_NO_INCREMENTAL = 2;

/** Saves a document in full (never incrementally: an increment keeps the old content). */
export function saveDocument(m: Pdfium, doc: number): Uint8Array {
  const writer = m.PDFiumExt_OpenFileWriter();
  try {
    if (!m.FPDF_SaveAsCopy(doc, writer, FPDF_NO_INCREMENTAL)) throw new Error('PDFium could not save the document');
    const size = m.PDFiumExt_GetFileWriterSize(writer);
    const ptr = m.pdfium.wasmExports.malloc(size);
    try {
      m.PDFiumExt_GetFileWriterData(writer, ptr, size);
      return heap(m).HEAPU8.slice(ptr, ptr + size);
    } finally {
      m.pdfium.wasmExports.free(ptr);
    }
  } finally {
    m.PDFiumExt_CloseFileWriter(writer);
  }
}
