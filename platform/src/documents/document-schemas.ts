/**
 * @module
 * Zod schemas of the document API, registered in the OpenAPI document.
 */
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'pdf_password_protected' }),
      message: z.string(),
      field: z.string().optional(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const DocumentSchema = z
  .object({
    id: z.string().uuid(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int(),
    mediaType: z.string().openapi({ example: 'application/pdf' }),
    filename: z.string().openapi({ example: 'Indkaldelse til møde.pdf' }),
    pages: z.number().int().nullable(),
    source: z.string().openapi({ description: '`upload`, `converted` (from DOCX etc.) or `email` (rendered from an e-mail)' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    convertedFrom: z
      .object({ mediaType: z.string(), filename: z.string(), sha256: z.string(), bytes: z.number().int() })
      .optional()
      .openapi({ description: 'The uploaded original, when the document was converted to PDF (the original is not kept)' }),
  })
  .openapi('Document');

export const RecipientsSchema = z
  .object({
    recipients: z.array(
      z.object({
        idType: z.enum(['CPR', 'CVR']),
        id: z.string().openapi({ example: '0101904321' }),
        pages: z.array(z.number().int().min(1)).openapi({ description: '1-based pages the number is on' }),
      }),
    ),
  })
  .openapi('FoundRecipients');

const AddressSchema = z.object({ name: z.string().max(500).optional(), email: z.string().max(500) });

export const EmailSchema = z
  .object({
    subject: z.string().max(2000),
    from: AddressSchema,
    to: z.array(AddressSchema).max(1000).default([]),
    cc: z.array(AddressSchema).max(1000).optional(),
    date: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'date must be an ISO 8601 date-time, e.g. 2026-11-24T10:00:00+01:00').openapi({ format: 'date-time' }),
    html: z.string(),
    inlineImages: z
      .array(z.object({ cid: z.string().min(1).max(1000), contentType: z.string().max(200), base64: z.string() }))
      .max(500)
      .default([]),
    attachments: z
      .array(z.object({ filename: z.string().min(1).max(500), contentType: z.string().max(200).default('application/octet-stream'), base64: z.string() }))
      .max(500)
      .default([]),
  })
  .openapi('EmailDocumentRequest');
export type EmailInput = z.infer<typeof EmailSchema>;

export const EmailDocumentsSchema = z
  .object({
    mainDocument: DocumentSchema,
    attachments: z.array(DocumentSchema),
    refused: z.array(z.object({ filename: z.string(), reason: z.string() })),
    warnings: z.array(z.string()).openapi({ description: 'e.g. inline images the body refers to that were not sent' }),
  })
  .openapi('EmailDocuments');

export const IdParamSchema = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });

const binary = z.string().openapi({ format: 'binary' });
/** Request body types of `POST /v1/documents`. */
export const UPLOAD_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
  'application/vnd.oasis.opendocument.text',
  'application/rtf',
  'application/octet-stream',
] as const;
export const uploadBodyContent = Object.fromEntries(UPLOAD_MEDIA_TYPES.map((t) => [t, { schema: binary }]));
export const pdfContent = { 'application/pdf': { schema: binary } };

/** A JSON error response for the OpenAPI document. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
