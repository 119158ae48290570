/**
 * @module
 * `/v1/documents`: upload (streamed, size-checked, validated, converted to PDF), metadata,
 * content, recipients found in the text, and e-mails from the Outlook add-in. Every query is
 * scoped to the caller's organisation: another organisation's document is simply not found.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { create as contentDisposition, parse as parseContentDisposition } from 'content-disposition';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { BlobTooLargeError, type PutResult } from '../blob/blob-store.ts';
import { ApiError, badRequest, notFound } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { ownedBy, ownerColumns } from '../auth/ownership.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { discardBlob, type IntakeDeps, intakeStoredBlob, toDocumentView } from './document-intake.ts';
import { documentMessages as msg } from './document-messages.ts';
import { IdParamSchema, pdfContent, uploadBodyContent } from './document-schemas.ts';
import { errorResponse } from '../http/openapi-schemas.ts';
import {
  documentSchema as DocumentSchema,
  emailDocumentRequestSchema as EmailSchema,
  emailDocumentsSchema as EmailDocumentsSchema,
  foundRecipientsSchema as RecipientsSchema,
} from '@brevdue/shared/api';
import { requestLang } from '../http/request-lang.ts';
import { intakeEmail, MAX_EMAIL_REQUEST_BYTES } from './email-intake.ts';
import { findRecipients } from './find-recipients.ts';
import { closeHtmlPdfRenderer } from './html-pdf-renderer.ts';
import { createOfficeConverter, type OfficeConverterOptions } from './office-converter.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Options for tests and IT; the defaults suit production. */
export interface DocumentRoutesOptions {
  /** LibreOffice: path of `soffice` (default `BREVDUE_SOFFICE` or PATH), time limit, parallelism. */
  converter?: OfficeConverterOptions;
}

/** Turns validation failures into the API's one error shape, naming the field. */
function validationHook(result: { success: boolean; error?: z.ZodError }): void {
  if (result.success || !result.error) return;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  badRequest(field, `Ugyldig værdi i ${field} / Invalid value in ${field}: ${issue?.message ?? 'invalid'}`);
}

/** An ASCII stand-in for a file name, for clients that ignore `filename*`. */
function asciiFilename(name: string): string {
  const danish: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' };
  return name
    .replace(/[æøåÆØÅ]/g, (ch) => danish[ch]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
}

/** The file name from `Content-Disposition` (RFC 6266; `filename*` wins over `filename`). */
function uploadFilename(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return parseContentDisposition(header).parameters.filename;
  } catch {
    badRequest('Content-Disposition', msg.badContentDisposition);
  }
}

async function findDocument(rt: Runtime, c: Context<AppEnv>, id: string) {
  if (!UUID.test(id)) notFound('Dokumentet / The document');
  const row = await rt.db
    .selectFrom('documents')
    .selectAll()
    .where('id', '=', id)
    .where(ownedBy(c.get('auth'), 'documents'))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ?? notFound('Dokumentet / The document');
}

const uploadRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Upload a document (PDF, or DOCX/DOC/ODT/RTF converted to PDF)',
  description:
    "Raw body, streamed. File name from `Content-Disposition` (`filename*=UTF-8''…` for æøå). At most 99.5 MB (413 before the whole body is read). " +
    'A PDF that cannot be read is refused with 422 and `details.reason` = `corrupt`, `truncated` or `password_protected`. ' +
    'It is read on worker threads under the limits of `documents.limits`: past the page or inflate limit 413 (`pdf_limit_pages`, `pdf_limit_inflated`), ' +
    'past the time limit 422 (`pdf_limit_time`). JavaScript, launch actions and embedded files, which Digital Post refuses, are refused with 422 ' +
    '`pdf_active_content` naming what was found (or removed, by config). A Word file whose entries unpack past the limit is refused with 413 ' +
    '(`document_limit_unzipped`); LibreOffice runs with a memory cap and a time limit (422 `conversion_limit_memory`, `conversion_limit_time`). ' +
    'Texts are Danish unless `Accept-Language` puts English first.',
  request: { body: { content: uploadBodyContent, required: true } },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: DocumentSchema } } },
    400: errorResponse('Empty body or unreadable Content-Disposition'),
    413: errorResponse('Larger than 99.5 MB, or past the page, inflate or unzip limit'),
    415: errorResponse('Type not accepted, or LibreOffice not installed for conversion'),
    422: errorResponse(
      'Unreadable PDF (corrupt, truncated, password-protected), active content, past a time or memory limit, or failed conversion',
    ),
    503: errorResponse('The PDF engine failed; try again'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: "A document's metadata",
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'The document', content: { 'application/json': { schema: DocumentSchema } } },
    404: errorResponse('No such document'),
  },
});

const contentRoute = createRoute({
  method: 'get',
  path: '/{id}/content',
  summary: "A document's bytes",
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The PDF', content: pdfContent }, 404: errorResponse('No such document') },
});

const recipientsRoute = createRoute({
  method: 'post',
  path: '/{id}/recipients',
  summary: 'Find the CPR/CVR numbers in a document, with their pages',
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'Valid numbers found, in order of appearance', content: { 'application/json': { schema: RecipientsSchema } } },
    404: errorResponse('No such document'),
    413: errorResponse('Past the page or inflate limit'),
    422: errorResponse('The document is not a readable PDF, or reading it went past the time limit'),
  },
});

const emailRoute = createRoute({
  method: 'post',
  path: '/from-email',
  summary: 'Turn an e-mail into documents (Outlook add-in)',
  description:
    'The HTML body is printed to PDF with Chromium (no JavaScript, no network) under a header block; inline `cid:` images are resolved. ' +
    'PDF attachments are kept, office attachments converted, others refused with a reason. Body and attachments together at most 99.5 MB.',
  middleware: [
    bodyLimit({
      maxSize: MAX_EMAIL_REQUEST_BYTES,
      onError: () => {
        throw new ApiError(413, 'email_too_large', msg.emailTooLarge(MAX_SHIPMENT_BYTES));
      },
    }),
  ] as const,
  request: { body: { content: { 'application/json': { schema: EmailSchema } }, required: true } },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: EmailDocumentsSchema } } },
    400: errorResponse('Invalid field'),
    413: errorResponse('Larger than 99.5 MB'),
    503: errorResponse('Chromium not installed'),
  },
});

/**
 * The document routes; mount at `/v1/documents` behind bearer auth (they read `c.get('auth')`).
 * Call `closeDocumentServices()` at shutdown to close the shared Chromium.
 * @example
 * app.route('/v1/documents', documentRoutes(rt));
 */
export function documentRoutes(rt: Runtime, opts: DocumentRoutesOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const limits = rt.config.documents.limits;
  const deps: IntakeDeps = {
    db: rt.db,
    blobs: rt.blobs,
    logger: rt.logger.child({ module: 'documents' }),
    converter: createOfficeConverter({ timeoutMs: limits.convertSeconds * 1000, memoryMb: limits.convertMemoryMb, ...opts.converter }),
    pdf: rt.pdf,
    limits,
  };

  app.openapi(uploadRoute, async (c) => {
    const tooLarge = () => new ApiError(413, 'document_too_large', msg.tooLarge(MAX_SHIPMENT_BYTES));
    // Refuse at once when the client announces too much, without reading a byte.
    const announced = Number(c.req.header('content-length'));
    if (Number.isFinite(announced) && announced > MAX_SHIPMENT_BYTES) throw tooLarge();
    const filename = uploadFilename(c.req.header('content-disposition'));
    const body = c.req.raw.body;
    if (!body) badRequest('body', msg.emptyBody);
    let stored: PutResult;
    try {
      stored = await rt.blobs.put(Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>), { maxBytes: MAX_SHIPMENT_BYTES });
    } catch (e) {
      if (e instanceof BlobTooLargeError) throw tooLarge();
      throw e;
    }
    if (stored.bytes === 0) {
      await discardBlob(deps, stored.sha256);
      badRequest('body', msg.emptyBody);
    }
    const doc = await intakeStoredBlob(deps, {
      organisationId: c.get('auth').organisationId,
      owner: ownerColumns(c.get('auth')),
      stored,
      declared: { contentType: c.req.header('content-type'), filename },
      source: 'upload',
      lang: requestLang(c.req.header('accept-language')),
    });
    deps.logger.info({ documentId: doc.id, bytes: doc.bytes, pages: doc.pages, source: doc.source }, 'document stored');
    return c.json(doc, 201);
  });

  app.openapi(getRoute, async (c) => c.json(toDocumentView(await findDocument(rt, c, c.req.valid('param').id)), 200));

  app.openapi(contentRoute, async (c) => {
    const row = await findDocument(rt, c, c.req.valid('param').id);
    const auth = c.get('auth');
    await writeAudit(rt.db, {
      organisationId: auth.organisationId,
      actor: auth.actor,
      action: 'document.read',
      subjectType: 'document',
      subjectId: row.id,
      documentSha256: row.sha256,
      sourceAddress: auth.sourceAddress,
    });
    const stream = Readable.toWeb(rt.blobs.stream(row.sha256)) as unknown as ReadableStream;
    return c.body(stream, 200, {
      'Content-Type': row.media_type,
      'Content-Length': String(row.bytes),
      'Content-Disposition': contentDisposition(row.filename, { type: 'inline', fallback: asciiFilename(row.filename) }),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.openapi(recipientsRoute, async (c) => {
    const row = await findDocument(rt, c, c.req.valid('param').id);
    if (row.media_type !== 'application/pdf') throw new ApiError(422, 'not_pdf', msg.notPdfForRecipients);
    const recipients = await findRecipients(deps, row.sha256, requestLang(c.req.header('accept-language')));
    // Counts only: the numbers themselves are personal data.
    deps.logger.info({ documentId: row.id, found: recipients.length }, 'recipients searched');
    return c.json({ recipients }, 200);
  });

  app.openapi(emailRoute, async (c) =>
    c.json(
      await intakeEmail(
        deps,
        c.get('auth').organisationId,
        c.req.valid('json'),
        ownerColumns(c.get('auth')),
        requestLang(c.req.header('accept-language')),
      ),
      201,
    ),
  );

  return app;
}

/** Releases what the document routes hold (the shared Chromium). Call once at shutdown. */
export async function closeDocumentServices(): Promise<void> {
  await closeHtmlPdfRenderer();
}
