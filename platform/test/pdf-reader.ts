/**
 * @module
 * Opens PDFs with pdf.js (pdfjs-dist, legacy build for Node) over a random-access source: tests
 * read what the platform wrote with a second, independent PDF reader. The platform itself reads
 * every PDF with its engine (PDFium, on worker threads).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, PDFDataRangeTransport, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { RandomAccessSource } from '../src/documents/pdf-source.ts';

/** Why a PDF cannot be used. */
export type PdfProblem = 'corrupt' | 'truncated' | 'password_protected' | 'no_pages';

/** The bytes are not a readable PDF; `problem` says which way. */
export class PdfUnreadableError extends Error {
  readonly problem: PdfProblem;
  constructor(problem: PdfProblem, cause?: unknown) {
    super(`PDF is ${problem.replace('_', '-')}`, { cause });
    this.name = 'PdfUnreadableError';
    this.problem = problem;
  }
}

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js reads these from disk in Node; without them text in non-embedded fonts may be lost.
const STANDARD_FONTS = join(pdfjsRoot, 'standard_fonts') + '/';
const CMAPS = join(pdfjsRoot, 'cmaps') + '/';
const CHUNK = 256 * 1024;

/** Feeds pdf.js the ranges it asks for, straight from the source. */
class SourceRangeTransport extends PDFDataRangeTransport {
  readonly #src: RandomAccessSource;
  constructor(src: RandomAccessSource) {
    super(src.length, new Uint8Array(0));
    this.#src = src;
  }
  override requestDataRange(begin: number, end: number): void {
    this.#src.read(begin, end).then(
      // pdf.js transfers the chunk's ArrayBuffer to its worker, detaching it: hand over a copy
      // that owns its memory (never a view on a pooled Buffer or on the caller's bytes).
      (chunk) => this.onDataRange(begin, new Uint8Array(chunk)),
      // A failed read surfaces as a pdf.js load error; nothing else to do here.
      () => this.abort(),
    );
  }
}

/** Whether the last bytes of the file hold the `%%EOF` marker every complete PDF ends with. */
async function hasEndMarker(src: RandomAccessSource): Promise<boolean> {
  // Writers may add a line break or a few bytes of padding after %%EOF; 2 KiB is generous.
  const tail = Buffer.from(await src.read(Math.max(0, src.length - 2048), src.length));
  return tail.includes('%%EOF');
}

/** Opens a PDF with pdf.js; the caller must `destroy()` it. Maps pdf.js errors to problems. */
export async function openPdf(src: RandomAccessSource): Promise<PDFDocumentProxy> {
  const task = getDocument({
    range: new SourceRangeTransport(src),
    length: src.length,
    rangeChunkSize: CHUNK,
    disableAutoFetch: true,
    disableStream: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: STANDARD_FONTS,
    cMapUrl: CMAPS,
    cMapPacked: true,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new PdfUnreadableError('password_protected', e);
    throw new PdfUnreadableError((await hasEndMarker(src)) ? 'corrupt' : 'truncated', e);
  }
}
