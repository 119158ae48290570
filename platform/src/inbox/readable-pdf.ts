/**
 * @module
 * Whether a received document is a PDF staff can open. A document that is not is kept exactly
 * as received and flagged; it is never a reason to refuse the message.
 */
import { PDFDocument } from 'pdf-lib';

/** Above this size only the PDF's frame is checked: parsing all of it would hold the accept answer. */
const FULL_PARSE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * True when the bytes are an unencrypted PDF with at least one page (a frame check for very
 * large files: `%PDF-` header and an `%%EOF` near the end).
 * @example await isReadablePdf(await readFile('brev.pdf')) // true
 */
export async function isReadablePdf(bytes: Buffer): Promise<boolean> {
  if (bytes.length < 8 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  if (bytes.length > FULL_PARSE_MAX_BYTES) return bytes.subarray(-1024).includes('%%EOF');
  try {
    // An encrypted PDF throws here (ignoreEncryption is off): staff could not read it either.
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    return doc.getPageCount() > 0;
  } catch {
    return false;
  }
}
