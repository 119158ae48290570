/**
 * @module
 * Turns bytes already in the blob store into a document: decides the format, checks a PDF is
 * readable, converts office formats to PDF, and only then inserts the `documents` row. Bytes
 * that do not become a document are removed from the store unless another row uses them.
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
import { describeDeclared, detectFormat, FORMATS, type DeclaredType } from './document-format.ts';
import { documentMessages as msg } from './document-messages.ts';
import { ConversionFailedError, ConverterMissingError, type OfficeConverter } from './office-converter.ts';
import { inspectPdf, PdfUnreadableError, type PdfProblem } from './pdf-reader.ts';
import { fileSource, withBlobSource } from './pdf-source.ts';

/** What the intake needs from the running platform. */
export interface IntakeDeps {
  db: Kysely<Database>;
  blobs: BlobStore;
  logger: Logger;
  converter: OfficeConverter;
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
  // eslint-disable-next-line no-control-regex
  const base = basename((name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!base || base === '.' || base === '..') return fallback;
  return base.length > 200 ? base.slice(base.length - 200) : base;
}

function withExtension(filename: string, ext: string): string {
  return filename.replace(/\.[A-Za-z0-9]{1,8}$/, '') + `.${ext}`;
}

const PROBLEM_TEXT: Record<PdfProblem, string> = {
  corrupt: msg.pdfCorrupt,
  truncated: msg.pdfTruncated,
  password_protected: msg.pdfPasswordProtected,
  no_pages: msg.pdfNoPages,
};

/** The 422 for a PDF that cannot be read; `details.reason` is the machine-readable problem. */
export function pdfProblemError(problem: PdfProblem): ApiError {
  return new ApiError(422, `pdf_${problem}`, PROBLEM_TEXT[problem], { details: { reason: problem } });
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
  v: { organisationId: string; owner?: DocumentOwner; sha256: string; bytes: number; mediaType: string; filename: string; pages: number; source: string },
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

async function checkPdfBlob(deps: IntakeDeps, sha256: string): Promise<number> {
  try {
    return (await withBlobSource(deps.blobs, sha256, inspectPdf)).pages;
  } catch (e) {
    if (e instanceof PdfUnreadableError) throw pdfProblemError(e.problem);
    throw e;
  }
}

/** Copies a blob to a file named with the right extension (LibreOffice goes by it). */
async function blobToFile(blobs: BlobStore, sha256: string, path: string): Promise<void> {
  await pipeline(blobs.stream(sha256), createWriteStream(path));
}

async function convert(deps: IntakeDeps, stored: PutResult, ext: string): Promise<{ put: PutResult; pages: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-input-'));
  try {
    const input = join(dir, `input.${ext}`);
    await blobToFile(deps.blobs, stored.sha256, input);
    return await deps.converter.convert(input, async (pdfPath) => {
      const src = await fileSource(pdfPath);
      let pages: number;
      try {
        pages = (await inspectPdf(src)).pages;
      } catch (e) {
        if (e instanceof PdfUnreadableError) throw new ConversionFailedError(`LibreOffice wrote an unreadable PDF (${e.problem})`);
        throw e;
      } finally {
        await src.close();
      }
      const put = await deps.blobs.put(createReadStream(pdfPath), { maxBytes: MAX_SHIPMENT_BYTES });
      return { put, pages };
    });
  } catch (e) {
    if (e instanceof ConverterMissingError) throw new ApiError(415, 'converter_unavailable', msg.converterMissing);
    if (e instanceof ConversionFailedError) throw new ApiError(422, 'conversion_failed', msg.conversionFailed(e.message), { details: { reason: 'conversion_failed' } });
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
 * @throws ApiError 415 (type not accepted, converter missing), 422 (unreadable PDF, failed
 * conversion), 413 (converted PDF too large); the stored bytes are discarded in every case
 */
export async function intakeStoredBlob(
  deps: IntakeDeps,
  args: { organisationId: string; owner?: DocumentOwner; stored: PutResult; declared: DeclaredType; source: 'upload' | 'email' },
): Promise<DocumentView> {
  const { stored, declared } = args;
  const filename = cleanFilename(declared.filename, 'dokument');
  try {
    const format = await withBlobSource(deps.blobs, stored.sha256, (src) => detectFormat(src, declared));
    if (!format) throw new ApiError(415, 'unsupported_media_type', msg.unsupportedType(describeDeclared(declared)));
    if (format === 'pdf') {
      const pages = await checkPdfBlob(deps, stored.sha256);
      return await insertDocument(deps, { organisationId: args.organisationId, ...(args.owner ? { owner: args.owner } : {}), ...stored, mediaType: 'application/pdf', filename: withExtension(filename, 'pdf'), pages, source: args.source });
    }
    const { put, pages } = await convert(deps, stored, FORMATS[format].extension);
    const doc = await insertDocument(deps, { organisationId: args.organisationId, ...(args.owner ? { owner: args.owner } : {}), ...put, mediaType: 'application/pdf', filename: withExtension(filename, 'pdf'), pages, source: 'converted' });
    deps.logger.info({ documentId: doc.id, from: format, bytes: stored.bytes, pdfBytes: put.bytes }, 'document converted to PDF');
    // The original is not kept: the PDF is what is sent and archived.
    await discardBlob(deps, stored.sha256).catch((err: unknown) => deps.logger.warn({ err, sha256: stored.sha256 }, 'could not discard converted original'));
    return { ...doc, convertedFrom: { mediaType: FORMATS[format].mediaType, filename, sha256: stored.sha256, bytes: stored.bytes } };
  } catch (e) {
    await discardBlob(deps, stored.sha256).catch((err: unknown) => deps.logger.warn({ err, sha256: stored.sha256 }, 'could not discard refused blob'));
    throw e;
  }
}
