/**
 * @module
 * Turns bytes already in the blob store into a document: decides the format, checks a PDF on the
 * PDF engine's threads (limits, every page readable, active content), converts office formats to
 * PDF under a memory cap and a time limit (a zip bomb is refused before), and only then inserts
 * the `documents` row. Bytes that do not become a document are removed from the store unless
 * another row uses them.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { type BlobStore, BlobTooLargeError, type PutResult } from '../blob/blob-store.ts';
import type { Database, DocumentRow } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { RequestLang } from '../http/request-lang.ts';
import type { PdfEngine } from '../pdf-engine/index.ts';
import { describeDeclared, detectFormat, FORMATS, type DeclaredType, type DocumentFormat } from './document-format.ts';
import type { DocumentLimits } from './document-limits-config.ts';
import { documentLimitMessages as limitMsg } from './document-limit-messages.ts';
import { documentMessages as msg } from './document-messages.ts';
import { ConversionFailedError, ConversionLimitError, ConverterMissingError, type OfficeConverter } from './office-converter.ts';
import { blobPdfSource, checkPdf, type CheckedPdf } from './pdf-check.ts';
import { withBlobSource } from './pdf-source.ts';
import { declaredUnzippedBytes } from './zip-size.ts';

export { pdfProblemError } from './pdf-problem-error.ts';

/** What the intake needs from the running platform. */
export interface IntakeDeps {
  db: Kysely<Database>;
  blobs: BlobStore;
  logger: Logger;
  converter: OfficeConverter;
  /** Reads PDFs off the event loop (the runtime's engine). */
  pdf: PdfEngine;
  /** `documents.limits` of the config. */
  limits: DocumentLimits;
}

/** A document as the API shows it. */
export interface DocumentView {
  id: string;
  sha256: string;
  bytes: number;
  mediaType: string;
  filename: string;
  pages: number | null;
  source: string;
  createdAt: string;
  convertedFrom?: { mediaType: string; filename: string; sha256: string; bytes: number };
}

/** The API view of a row. */
export function toDocumentView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    sha256: row.sha256,
    bytes: Number(row.bytes),
    mediaType: row.media_type,
    filename: row.filename,
    pages: row.pages,
    source: row.source,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A safe display file name: no directories, no control characters, at most 200 characters. */
export function cleanFilename(name: string | undefined, fallback: string): string {
  const base = basename((name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (!base || base === '.' || base === '..') return fallback;
  return base.length > 200 ? base.slice(base.length - 200) : base;
}

function withExtension(filename: string, ext: string): string {
  return filename.replace(/\.[A-Za-z0-9]{1,8}$/, '') + `.${ext}`;
}

/** Removes a blob unless a document row (of any organisation) refers to it. */
export async function discardBlob(deps: Pick<IntakeDeps, 'db' | 'blobs'>, sha256: string): Promise<void> {
  const used = await deps.db.selectFrom('documents').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  if (!used) await deps.blobs.delete(sha256);
}

/** Who a new document belongs to (see `auth/ownership.ts`). */
export interface DocumentOwner {
  created_by_user: string | null;
  created_by_token: string | null;
  team: string | null;
}

async function insertDocument(
  deps: IntakeDeps,
  v: {
    organisationId: string;
    owner?: DocumentOwner;
    sha256: string;
    bytes: number;
    mediaType: string;
    filename: string;
    pages: number;
    source: string;
  },
): Promise<DocumentView> {
  const row = await deps.db
    .insertInto('documents')
    .values({
      organisation_id: v.organisationId,
      ...v.owner,
      sha256: v.sha256,
      bytes: v.bytes,
      media_type: v.mediaType,
      filename: v.filename,
      pages: v.pages,
      source: v.source,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDocumentView(row);
}

/** Copies a blob to a file named with the right extension (LibreOffice goes by it). */
async function blobToFile(blobs: BlobStore, sha256: string, path: string): Promise<void> {
  await pipeline(blobs.stream(sha256), createWriteStream(path));
}

/** The stored bytes of a checked PDF: the cleaned copy when active content was removed. */
async function keptPdf(deps: IntakeDeps, original: PutResult, checked: CheckedPdf): Promise<PutResult> {
  if (!checked.cleaned || checked.cleaned.sha256 === original.sha256) return original;
  deps.logger.info({ removed: checked.removed?.map((f) => f.kind) }, 'active content removed from a PDF');
  await discardBlob(deps, original.sha256);
  return checked.cleaned;
}

/** Refuses a ZIP container (DOCX, ODT) whose entries declare more than the limit uncompressed. */
async function checkUnzippedSize(deps: IntakeDeps, stored: PutResult, lang: RequestLang): Promise<void> {
  const max = deps.limits.maxUnzippedMb * 2 ** 20;
  const declared = await withBlobSource(deps.blobs, stored.sha256, (src) => declaredUnzippedBytes(src, max));
  if (declared > max) {
    throw new ApiError(413, 'document_limit_unzipped', limitMsg.unzippedTooLarge(declared / 2 ** 20, deps.limits.maxUnzippedMb, lang), {
      details: { limit: 'unzipped', max },
    });
  }
}

async function convert(
  deps: IntakeDeps,
  stored: PutResult,
  format: DocumentFormat,
  lang: RequestLang,
): Promise<{ put: PutResult; pages: number }> {
  if (format === 'docx' || format === 'odt') await checkUnzippedSize(deps, stored, lang);
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-input-'));
  try {
    const input = join(dir, `input.${FORMATS[format].extension}`);
    await blobToFile(deps.blobs, stored.sha256, input);
    return await deps.converter.convert(input, async (pdfPath) => {
      // LibreOffice's PDF goes through the same check as an uploaded one.
      const checked = await checkPdf(deps, { path: pdfPath }, lang);
      if (checked.cleaned) return { put: checked.cleaned, pages: checked.pages };
      const put = await deps.blobs.put(createReadStream(pdfPath), { maxBytes: MAX_SHIPMENT_BYTES });
      return { put, pages: checked.pages };
    });
  } catch (e) {
    if (e instanceof ConverterMissingError) throw new ApiError(415, 'converter_unavailable', msg.converterMissing);
    if (e instanceof ConversionLimitError) {
      const text = e.limit === 'time' ? limitMsg.conversionTime(e.max, lang) : limitMsg.conversionMemory(e.max, lang);
      throw new ApiError(422, `conversion_limit_${e.limit}`, text, {
        details: { reason: 'conversion_failed', limit: e.limit, max: e.max },
      });
    }
    if (e instanceof ConversionFailedError)
      throw new ApiError(422, 'conversion_failed', msg.conversionFailed(e.message), { details: { reason: 'conversion_failed' } });
    if (e instanceof BlobTooLargeError) throw new ApiError(413, 'document_too_large', msg.tooLarge(MAX_SHIPMENT_BYTES));
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Makes a document of stored bytes for one organisation.
 * @param stored what `BlobStore.put` answered for the uploaded bytes
 * @param declared the client's Content-Type and file name
 * @param source `upload`, or `email` for an e-mail's rendered body and attachments
 * @param lang the language of the texts of limit errors (default Danish)
 * @throws ApiError 415 (type not accepted, converter missing), 413 (too large, past the page,
 * inflate or unzip limit), 422 (unreadable PDF, active content, past the time or memory limit,
 * failed conversion), 503 (PDF engine failed); the stored bytes are discarded in every case
 */
export async function intakeStoredBlob(
  deps: IntakeDeps,
  args: {
    organisationId: string;
    owner?: DocumentOwner;
    stored: PutResult;
    declared: DeclaredType;
    source: 'upload' | 'email';
    lang?: RequestLang;
  },
): Promise<DocumentView> {
  const { stored, declared } = args;
  const lang = args.lang ?? 'da';
  const filename = cleanFilename(declared.filename, 'dokument');
  try {
    const format = await withBlobSource(deps.blobs, stored.sha256, (src) => detectFormat(src, declared));
    if (!format) throw new ApiError(415, 'unsupported_media_type', msg.unsupportedType(describeDeclared(declared)));
    if (format === 'pdf') {
      const checked = await checkPdf(deps, await blobPdfSource(deps.blobs, stored.sha256), lang);
      const kept = await keptPdf(deps, stored, checked);
      try {
        return await insertDocument(deps, {
          organisationId: args.organisationId,
          ...(args.owner ? { owner: args.owner } : {}),
          ...kept,
          mediaType: 'application/pdf',
          filename: withExtension(filename, 'pdf'),
          pages: checked.pages,
          source: args.source,
        });
      } catch (e) {
        if (kept !== stored) await discardBlob(deps, kept.sha256).catch(() => {});
        throw e;
      }
    }
    const { put, pages } = await convert(deps, stored, format, lang);
    const doc = await insertDocument(deps, {
      organisationId: args.organisationId,
      ...(args.owner ? { owner: args.owner } : {}),
      ...put,
      mediaType: 'application/pdf',
      filename: withExtension(filename, 'pdf'),
      pages,
      source: 'converted',
    });
    deps.logger.info({ documentId: doc.id, from: format, bytes: stored.bytes, pdfBytes: put.bytes }, 'document converted to PDF');
    // The original is not kept: the PDF is what is sent and archived.
    await discardBlob(deps, stored.sha256).catch((err: unknown) =>
      deps.logger.warn({ err, sha256: stored.sha256 }, 'could not discard converted original'),
    );
    return { ...doc, convertedFrom: { mediaType: FORMATS[format].mediaType, filename, sha256: stored.sha256, bytes: stored.bytes } };
  } catch (e) {
    await discardBlob(deps, stored.sha256).catch((err: unknown) =>
      deps.logger.warn({ err, sha256: stored.sha256 }, 'could not discard refused blob'),
    );
    throw e;
  }
}
