/**
 * @module
 * Finds the CPR and CVR numbers in a stored PDF's text, with the pages each is on (merge letters:
 * one page per recipient), on the PDF engine's worker threads under the document limits. The
 * numbers are personal data: they are returned, never logged.
 */
import type { Logger } from 'pino';
import type { BlobStore } from '../blob/blob-store.ts';
import type { RequestLang } from '../http/request-lang.ts';
import { PdfEngineError, type FoundRecipient, type PdfEngine } from '../pdf-engine/index.ts';
import type { DocumentLimits } from './document-limits-config.ts';
import { blobPdfSource, engineLimits, pdfEngineApiError } from './pdf-check.ts';

export type { FoundRecipient };

/**
 * Reads every page and answers the valid CPR/CVR numbers found, in order of first appearance.
 * @example const recipients = await findRecipients({ pdf: rt.pdf, blobs: rt.blobs, limits }, row.sha256, 'da');
 * @throws ApiError 413/422 past a limit or for an unreadable PDF (naming it), 503 when the engine failed
 */
export async function findRecipients(
  deps: { pdf: PdfEngine; blobs: BlobStore; limits: DocumentLimits; logger?: Logger },
  sha256: string,
  lang: RequestLang,
): Promise<FoundRecipient[]> {
  try {
    return (await deps.pdf.inspect(await blobPdfSource(deps.blobs, sha256), { limits: engineLimits(deps.limits) })).recipients;
  } catch (e) {
    if (e instanceof PdfEngineError) deps.logger?.warn({ err: e }, 'PDF engine failed while searching for recipients');
    throw pdfEngineApiError(e, lang);
  }
}
