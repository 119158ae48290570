/**
 * @module
 * Real PDFs for the document tests and benchmark, made with pdf-lib, and the committed
 * fixtures (see `fixtures/README.md`).
 */
import { readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const here = new URL('./fixtures/', import.meta.url);

/** A Word document (LibreOffice-made) with æøå, CPR 010190-4321 and CVR 29189846. */
export const DOCX_FIXTURE = (): Buffer => readFileSync(new URL('indkaldelse.docx', here));
/** A PDF that needs the password `hemmelig` to open. */
export const ENCRYPTED_PDF_FIXTURE = (): Buffer => readFileSync(new URL('password-protected.pdf', here));

/** A PDF with one text line per page (Helvetica, WinAnsi: æøå are fine). */
export async function makeTextPdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 60, y: 760 - i * 24, size: 12, font }));
  }
  return Buffer.from(await doc.save());
}

/**
 * A PDF whose page draws "CPR: " and then a number one glyph at a time, the way some
 * generators position text; pdf.js then hands the digits over as separate items.
 */
export async function makeSplitDigitsPdf(prefix: string, digits: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText(prefix, { x: 60, y: 760, size: 12, font });
  let x = 60 + font.widthOfTextAtSize(prefix, 12) + 4;
  for (const ch of digits) {
    page.drawText(ch, { x, y: 760, size: 12, font });
    x += font.widthOfTextAtSize(ch, 12) + 0.5;
  }
  return Buffer.from(await doc.save());
}

/** A valid PDF of about `bytes` bytes: one page plus an uncompressed filler stream. */
export async function makeLargePdf(bytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Stort dokument', { x: 60, y: 760, size: 12, font });
  const filler = Buffer.alloc(Math.max(0, bytes - 2000), 0x20);
  const ref = doc.context.register(doc.context.stream(filler));
  doc.catalog.set(doc.context.obj('BrevdueFiller'), ref);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
