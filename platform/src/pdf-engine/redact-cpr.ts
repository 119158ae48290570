/**
 * @module
 * Removes CPR numbers from a document's pages for real: the glyphs are cut out of the text
 * objects (PDFium's `EPDFText_RedactInRect`, an EmbedPDF extension), a black bar is drawn where
 * they were, and the page content is written anew. Then the saved file is searched, inflated
 * streams included, and refused if any of the numbers is still in it.
 */
import { PdfRedactionError } from './pdf-engine-errors.ts';
import { textOf, type Pdfium } from './pdfium-document.ts';
import { cprByteForms, scanIdentifiers } from './scan-identifiers.ts';
import { streamContents } from './pdf-streams.ts';

interface Rect {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

/** The boxes of chars `[start, end)`, one per line (chars whose boxes share a baseline band). */
function lineBoxes(m: Pdfium, textPage: number, start: number, end: number, box: number): Rect[] {
  const out: Rect[] = [];
  for (let i = start; i < end; i++) {
    if (m.FPDFText_IsGenerated(textPage, i) === 1) continue;
    // FPDFText_GetCharBox fills four doubles: left, right, bottom, top (page space).
    if (!m.FPDFText_GetCharBox(textPage, i, box, box + 8, box + 16, box + 24)) continue;
    const [left, right, bottom, top] = [0, 8, 16, 24].map((o) => m.pdfium.getValue(box + o, 'double')) as [number, number, number, number];
    if (right <= left && top <= bottom) continue; // a space has an empty box
    const line = out.find((r) => bottom < r.top && top > r.bottom);
    if (line) {
      line.left = Math.min(line.left, left);
      line.right = Math.max(line.right, right);
      line.bottom = Math.min(line.bottom, bottom);
      line.top = Math.max(line.top, top);
    } else out.push({ left, right, bottom, top });
  }
  return out;
}

/**
 * Redacts every CPR number on one page of an open document.
 * @returns the CPR numbers removed (digits only), each once
 */
export function redactCprOnPage(m: Pdfium, doc: number, index: number): string[] {
  const page = m.FPDF_LoadPage(doc, index);
  if (!page) return [];
  const box = m.pdfium.wasmExports.malloc(32);
  const removed = new Set<string>();
  try {
    const rects: Rect[] = [];
    const tp = m.FPDFText_LoadPage(page);
    if (tp) {
      try {
        for (const hit of scanIdentifiers(textOf(m, tp))) {
          if (hit.idType !== 'CPR') continue;
          removed.add(hit.id);
          rects.push(...lineBoxes(m, tp, hit.start, hit.end, box));
        }
      } finally {
        m.FPDFText_ClosePage(tp);
      }
    }
    if (rects.length === 0) return [];
    for (const r of rects) {
      // Inset a little so glyphs that merely touch the number's edges (a colon, a full stop) stay.
      const inset = Math.min(0.3, (r.right - r.left) / 40);
      // FS_RECTF is { left, top, right, bottom } as floats.
      [r.left + inset, r.top + 0.5, r.right - inset, r.bottom - 0.5].forEach((v, i) => m.pdfium.setValue(box + 4 * i, v, 'float'));
      m.EPDFText_RedactInRect(page, box, true, true);
    }
    if (!m.FPDFPage_GenerateContent(page)) throw new PdfRedactionError(`page ${index + 1}: content could not be written`);
    return [...removed];
  } finally {
    m.pdfium.wasmExports.free(box);
    m.FPDF_ClosePage(page);
  }
}

/**
 * Throws unless none of `cprs` is in the file in any form (plain, dashed, spaced, hex digits), in
 * its raw bytes or in any inflated stream.
 * @throws PdfRedactionError naming where (never the number)
 */
export function assertNoCpr(bytes: Uint8Array, cprs: Iterable<string>, where: string): void {
  const forms = [...cprs].flatMap(cprByteForms).map((f) => Buffer.from(f, 'latin1'));
  if (forms.length === 0) return;
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (forms.some((f) => raw.includes(f))) throw new PdfRedactionError(`${where}, file bytes`);
  for (const s of streamContents(bytes)) {
    const b = Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    if (forms.some((f) => b.includes(f))) throw new PdfRedactionError(`${where}, a stream`);
  }
}
