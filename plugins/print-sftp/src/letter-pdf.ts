/**
 * @module
 * The one PDF the vendor prints for a letter: the main document, followed by any PDF
 * attachments, every page A4. A letter of one document is sent byte for byte as stored.
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { ProviderError, type LetterDocument, type OutgoingLetter } from '@brevdue/shared/sdk';
import type { Messages } from './messages.ts';

// Writers round A4 differently (595 × 842, 595.28 × 841.89); 2 pt is under 1 mm.
const A4 = { w: 595.28, h: 841.89, tolerance: 2 };
const isA4 = (w: number, h: number) =>
  (Math.abs(w - A4.w) <= A4.tolerance && Math.abs(h - A4.h) <= A4.tolerance) ||
  (Math.abs(h - A4.w) <= A4.tolerance && Math.abs(w - A4.h) <= A4.tolerance);

/** The letter's printable PDF with its page count and SHA-256. */
export interface LetterPdf {
  body: Buffer;
  pages: number;
  sha256: string;
  /** Set when `body` is the main document unchanged (its blob can stand in for the spool file). */
  blobSha256?: string;
}

async function load(doc: LetterDocument, t: Messages): Promise<{ pdf: PDFDocument; bytes: Buffer }> {
  if (doc.mediaType !== 'application/pdf') throw new ProviderError('permanent', 'NOT_PDF', t.notPdf(doc.filename));
  const bytes = await doc.read();
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (e) {
    throw new ProviderError('permanent', 'UNREADABLE_PDF', t.unreadablePdf(doc.filename), { cause: e });
  }
  pdf.getPages().forEach((p, i) => {
    const { width, height } = p.getSize();
    if (!isA4(width, height)) throw new ProviderError('permanent', 'NOT_A4', t.notA4(doc.filename, i + 1));
  });
  return { pdf, bytes };
}

/**
 * Reads, checks and (with attachments) joins the letter's documents.
 * @throws ProviderError `permanent` for a missing, non-PDF, unreadable or non-A4 document.
 */
export async function letterPdf(letter: OutgoingLetter, t: Messages): Promise<LetterPdf> {
  if (!letter.mainDocument) throw new ProviderError('permanent', 'NO_DOCUMENT', t.noDocument);
  const main = await load(letter.mainDocument, t);
  if (letter.attachments.length === 0) {
    const sha256 = createHash('sha256').update(main.bytes).digest('hex');
    return {
      body: main.bytes,
      pages: main.pdf.getPageCount(),
      sha256,
      blobSha256: letter.mainDocument.sha256 === sha256 ? sha256 : undefined,
    };
  }
  for (const a of letter.attachments) {
    const { pdf } = await load(a, t);
    for (const p of await main.pdf.copyPages(pdf, pdf.getPageIndices())) main.pdf.addPage(p);
  }
  const body = Buffer.from(await main.pdf.save());
  return { body, pages: main.pdf.getPageCount(), sha256: createHash('sha256').update(body).digest('hex') };
}
