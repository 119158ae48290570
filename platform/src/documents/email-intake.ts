/**
 * @module
 * Turns an e-mail sent by the Outlook add-in into documents: its body, with a header block and
 * inline images, printed to the main PDF; PDF attachments kept; office attachments converted;
 * anything else refused with a per-file reason.
 */
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { ApiError } from '../http/api-error.ts';
import { detectFormat } from './document-format.ts';
import { type DocumentOwner, type DocumentView, type IntakeDeps, intakeStoredBlob } from './document-intake.ts';
import { documentMessages as msg } from './document-messages.ts';
import type { emailDocumentRequestSchema } from '@brevdue/shared/api';
import type { z } from '@hono/zod-openapi';

type EmailInput = z.infer<typeof emailDocumentRequestSchema>;
import { buildEmailPage, normaliseCid } from './email-html.ts';
import { renderHtmlToPdf, RendererMissingError, RenderLimitError } from './html-pdf-renderer.ts';
import { documentLimitMessages as limitMsg } from './document-limit-messages.ts';
import type { RequestLang } from '../http/request-lang.ts';
import { bufferSource } from './pdf-source.ts';

export interface EmailDocuments {
  mainDocument: DocumentView;
  attachments: DocumentView[];
  refused: Array<{ filename: string; reason: string }>;
  warnings: string[];
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i;

/** Largest JSON body `POST /from-email` reads: the content limit in base64 plus room for HTML. */
export const MAX_EMAIL_REQUEST_BYTES = Math.ceil((MAX_SHIPMENT_BYTES * 4) / 3) + 4 * 1024 * 1024;

/** File name of the rendered body: the subject, without characters file systems dislike. */
function bodyFilename(subject: string): string {
  const s = subject
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
  return `${s || 'e-mail'}.pdf`;
}

/**
 * Stores an e-mail's documents for one organisation.
 * @throws ApiError 413 when body and attachments together exceed the shipment limit, 400 for
 * bad base64, 422 when rendering went past its time or memory limit, 503 when Chromium is missing
 */
export async function intakeEmail(
  deps: IntakeDeps,
  organisationId: string,
  email: EmailInput,
  owner?: DocumentOwner,
  lang: RequestLang = 'da',
): Promise<EmailDocuments> {
  const b64Bytes = (s: string) => Math.floor((s.replace(/[\r\n]/g, '').length * 3) / 4);
  const total = Buffer.byteLength(email.html) + [...email.inlineImages, ...email.attachments].reduce((n, f) => n + b64Bytes(f.base64), 0);
  if (total > MAX_SHIPMENT_BYTES) throw new ApiError(413, 'email_too_large', msg.emailTooLarge(MAX_SHIPMENT_BYTES));

  // Check every attachment before anything is rendered or stored, so a 400 leaves nothing behind.
  email.attachments.forEach((a, i) => {
    const field = `attachments[${i}].base64`;
    if (!BASE64.test(a.base64)) throw new ApiError(400, 'invalid_request', msg.badBase64(field), { field });
  });
  const images = new Map<string, string>();
  email.inlineImages.forEach((img, i) => {
    const field = `inlineImages[${i}].base64`;
    if (!BASE64.test(img.base64)) throw new ApiError(400, 'invalid_request', msg.badBase64(field), { field });
    // Only images become data: URIs; a declared type such as text/html could smuggle in a page.
    if (IMAGE_TYPE.test(img.contentType))
      images.set(normaliseCid(img.cid), `data:${img.contentType.toLowerCase()};base64,${img.base64.replace(/[\r\n]/g, '')}`);
  });

  const page = buildEmailPage({
    subject: email.subject,
    from: email.from,
    to: email.to,
    cc: email.cc,
    date: new Date(email.date),
    html: email.html,
    images,
    attachmentNames: email.attachments.map((a) => a.filename),
  });
  let pdf: Buffer;
  try {
    pdf = await renderHtmlToPdf(page.html, { memoryMb: deps.limits.convertMemoryMb, seconds: deps.limits.convertSeconds });
  } catch (e) {
    if (e instanceof RendererMissingError) throw new ApiError(503, 'renderer_unavailable', msg.rendererMissing);
    if (e instanceof RenderLimitError) {
      const text = e.limit === 'time' ? limitMsg.conversionTime(e.max, lang) : limitMsg.conversionMemory(e.max, lang);
      throw new ApiError(422, `conversion_limit_${e.limit}`, text, {
        details: { reason: 'conversion_failed', limit: e.limit, max: e.max },
      });
    }
    throw e;
  }
  const stored = await deps.blobs.putBuffer(pdf);
  const mainDocument = await intakeStoredBlob(deps, {
    organisationId,
    ...(owner ? { owner } : {}),
    stored,
    declared: { contentType: 'application/pdf', filename: bodyFilename(email.subject) },
    source: 'email',
    lang,
  });

  const attachments: DocumentView[] = [];
  const refused: EmailDocuments['refused'] = [];
  for (const a of email.attachments) {
    const bytes = Buffer.from(a.base64, 'base64');
    const declared = { contentType: a.contentType, filename: a.filename };
    // Refuse what can never be a document before it touches the blob store.
    if (!(await detectFormat(bufferSource(bytes), declared))) {
      refused.push({ filename: a.filename, reason: msg.attachmentRefused(a.filename) });
      continue;
    }
    try {
      attachments.push(
        await intakeStoredBlob(deps, {
          organisationId,
          ...(owner ? { owner } : {}),
          stored: await deps.blobs.putBuffer(bytes),
          declared,
          source: 'email',
          lang,
        }),
      );
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500) throw e;
      refused.push({ filename: a.filename, reason: msg.attachmentUnreadable(a.filename, e.message) });
    }
  }
  const warnings = page.missingImages.map((cid) => msg.missingInlineImage(cid));
  deps.logger.info(
    { documentId: mainDocument.id, attachments: attachments.length, refused: refused.length },
    'e-mail turned into documents',
  );
  return { mainDocument, attachments, refused, warnings };
}
