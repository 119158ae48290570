/**
 * @module
 * Reads an uploaded PDF on the PDF engine's worker threads, never on the API's event loop: its
 * page count under the configured limits (pages, inflated stream size, time), every page loaded,
 * and its active content (JavaScript, launch actions, embedded files), which is refused or
 * removed as the config says. Engine errors become the API's 4xx/503 answers naming the limit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { BlobTooLargeError, type BlobStore, type PutResult } from '../blob/blob-store.ts';
import { ApiError } from '../http/api-error.ts';
import type { RequestLang } from '../http/request-lang.ts';
import {
  PdfEngineError,
  PdfLimitError,
  PdfRedactionError,
  PdfUnreadableError,
  pdfErrorStatus,
  pdfErrorText,
  type ActiveContent,
  type CallLimits,
  type PdfEngine,
  type PdfSource,
} from '../pdf-engine/index.ts';
import type { DocumentLimits } from './document-limits-config.ts';
import { documentLimitMessages as limitMsg } from './document-limit-messages.ts';
import { documentMessages as msg } from './document-messages.ts';
import { pdfProblemError } from './pdf-problem-error.ts';

/** What the PDF check needs. */
export interface PdfCheckDeps {
  pdf: PdfEngine;
  blobs: BlobStore;
  limits: DocumentLimits;
  /** Told when the engine itself failed (a 503: not the document's fault). */
  logger?: Logger;
}

/** The engine's limits for one upload, from the config. */
export function engineLimits(l: DocumentLimits): CallLimits {
  return { maxPages: l.maxPages, maxInflatedBytes: l.maxInflatedMb * 2 ** 20, timeoutMs: l.readSeconds * 1000 };
}

/** Where the engine reads a stored blob: its file when the store is on local disk, else its bytes. */
export async function blobPdfSource(blobs: BlobStore, sha256: string): Promise<PdfSource> {
  const path = blobs.localPath?.(sha256);
  return path ? { path } : { bytes: await blobs.read(sha256) };
}

/**
 * The API error for an engine error: 413 past the page or inflate limit, 422 past time or memory
 * or unreadable, 503 when the engine itself failed. Anything else is rethrown as is.
 * @throws the error itself when it is not the engine's
 */
export function pdfEngineApiError(e: unknown, lang: RequestLang): ApiError {
  if (e instanceof PdfUnreadableError) return pdfProblemError(e.problem);
  if (e instanceof PdfLimitError) {
    return new ApiError(pdfErrorStatus(e), `pdf_limit_${e.limit}`, pdfErrorText(e, lang), { details: { limit: e.limit, max: e.max } });
  }
  if (e instanceof PdfEngineError || e instanceof PdfRedactionError)
    return new ApiError(pdfErrorStatus(e), 'pdf_engine', pdfErrorText(e, lang));
  throw e;
}

function activeContentError(found: readonly ActiveContent[], lang: RequestLang, removalTried: boolean): ApiError {
  const text = removalTried ? limitMsg.activeContentLeft(found, lang) : limitMsg.activeContent(found, lang);
  return new ApiError(422, 'pdf_active_content', text, { details: { reason: 'active_content', found } });
}

/** A checked PDF: its pages, and when active content was removed, the cleaned copy now stored. */
export interface CheckedPdf {
  pages: number;
  /** The stored copy without active content (`remove` mode only); the caller keeps this one instead. */
  cleaned?: PutResult;
  /** What was removed. */
  removed?: ActiveContent[];
}

/**
 * Checks a PDF for sending.
 * @throws ApiError 413 (`pdf_limit_pages`, `pdf_limit_inflated`), 422 (`pdf_limit_time`,
 * `pdf_limit_memory`, unreadable, `pdf_active_content`), 503 (`pdf_engine`)
 */
export async function checkPdf(deps: PdfCheckDeps, src: PdfSource, lang: RequestLang): Promise<CheckedPdf> {
  const limits = engineLimits(deps.limits);
  try {
    const r = await deps.pdf.inspect(src, { recipients: false, activeContent: true, limits });
    const found = r.activeContent ?? [];
    if (found.length === 0) return { pages: r.pages };
    if (deps.limits.activeContent === 'refuse') throw activeContentError(found, lang, false);
    const dir = await mkdtemp(join(tmpdir(), 'brevdue-clean-'));
    try {
      const outPath = join(dir, 'clean.pdf');
      const cleaned = await deps.pdf.clean(src, { outPath, limits });
      // Fail closed: what the rebuild could not remove is refused, never sent.
      if (cleaned.activeContent.length > 0) throw activeContentError(cleaned.activeContent, lang, true);
      const put = await deps.blobs.put(createReadStream(outPath), { maxBytes: MAX_SHIPMENT_BYTES });
      return { pages: cleaned.pages, cleaned: put, removed: found };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof BlobTooLargeError) throw new ApiError(413, 'document_too_large', msg.tooLarge(MAX_SHIPMENT_BYTES));
    if (e instanceof PdfEngineError) deps.logger?.warn({ err: e }, 'PDF engine failed while checking a document');
    throw pdfEngineApiError(e, lang);
  }
}
