/**
 * @module
 * The layout a print preflight judges, read on an engine thread: every page's size as printed
 * (crop box, /Rotate applied) and page 1's text as runs with boxes in millimetres from the top-left
 * corner of the printed page. PDFium's own page-to-device transform places the glyphs, so a
 * rotated or offset page reads as it prints.
 */
import { PdfUnreadableError } from './pdf-engine-errors.ts';
import { heap, type Pdfium } from './pdfium-document.ts';

export const MM_PER_POINT = 25.4 / 72;
/** Device units per point: PDFium answers whole device units, a tenth of a point is exact enough. */
const SCALE = 10;
/** Glyphs further apart than this (mm) on one baseline belong to separate runs. */
const RUN_GAP_MM = 0.8;
/** Glyphs whose bottoms differ by more than this (mm) are on separate lines. */
const SAME_LINE_MM = 0.5;

/** A run of text on page 1, in mm from the printed page's top-left corner. */
export interface TextRun {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface PageLayout {
  /** Each page's printed width and height in points (after /Rotate). */
  pages: Array<{ width: number; height: number }>;
  /** Page 1's text runs. */
  firstPage: TextRun[];
}

/** Sizes of every page and the runs of page 1. */
export function pageLayout(m: Pdfium, doc: number, pages: number, progress: (pages: number) => void): PageLayout {
  const sizes: PageLayout['pages'] = [];
  let firstPage: TextRun[] = [];
  for (let i = 0; i < pages; i++) {
    const page = m.FPDF_LoadPage(doc, i);
    if (!page) throw new PdfUnreadableError('corrupt', `page ${i + 1} cannot be loaded`);
    try {
      const size = { width: m.FPDF_GetPageWidthF(page), height: m.FPDF_GetPageHeightF(page) };
      sizes.push(size);
      if (i === 0) firstPage = runsOf(m, page, size);
    } finally {
      m.FPDF_ClosePage(page);
    }
    progress(1);
  }
  return { pages: sizes, firstPage };
}

function runsOf(m: Pdfium, page: number, size: { width: number; height: number }): TextRun[] {
  const tp = m.FPDFText_LoadPage(page);
  if (!tp) return [];
  const malloc = m.pdfium.wasmExports.malloc;
  const free = m.pdfium.wasmExports.free;
  const rect = malloc(16);
  const dev = malloc(8);
  try {
    const [w, h] = [Math.round(size.width * SCALE), Math.round(size.height * SCALE)];
    /** A page-space point on the printed page, in mm from its top-left corner. */
    const toMm = (x: number, y: number): [number, number] => {
      m.FPDF_PageToDevice(page, 0, 0, w, h, 0, x, y, dev, dev + 4);
      const d = new Int32Array(heap(m).HEAPU8.buffer, dev, 2);
      return [(d[0]! / SCALE) * MM_PER_POINT, (d[1]! / SCALE) * MM_PER_POINT];
    };
    const runs: TextRun[] = [];
    let run: TextRun | undefined;
    const n = m.FPDFText_CountChars(tp);
    for (let i = 0; i < n; i++) {
      const code = m.FPDFText_GetUnicode(tp, i);
      const ch = String.fromCodePoint(code);
      // Spaces and line breaks (written or inserted by PDFium) end a run; the gap tells the reader.
      if (/\s/u.test(ch) || code === 0 || !m.FPDFText_GetLooseCharBox(tp, i, rect)) {
        run = undefined;
        continue;
      }
      // FS_RECTF: left, top, right, bottom in page space.
      const f = new Float32Array(heap(m).HEAPU8.buffer, rect, 4);
      const [ax, ay] = toMm(f[0]!, f[1]!);
      const [bx, by] = toMm(f[2]!, f[3]!);
      const box = { left: Math.min(ax, bx), right: Math.max(ax, bx), top: Math.min(ay, by), bottom: Math.max(ay, by) };
      if (run && Math.abs(run.bottom - box.bottom) <= SAME_LINE_MM && box.left - run.right <= RUN_GAP_MM && box.left >= run.left) {
        run.text += ch;
        run.right = Math.max(run.right, box.right);
        run.top = Math.min(run.top, box.top);
        run.bottom = Math.max(run.bottom, box.bottom);
      } else {
        run = { text: ch, ...box };
        runs.push(run);
      }
    }
    return runs;
  } finally {
    free(rect);
    free(dev);
    m.FPDFText_ClosePage(tp);
  }
}
