/**
 * @module
 * Documents as the API takes and answers them: uploads, recipients found in a document, and
 * e-mails rendered to documents.
 */
import { z } from 'zod';

export const documentSchema = z
  .object({
    id: z.uuid(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int(),
    mediaType: z.string().meta({ example: 'application/pdf' }),
    filename: z.string().meta({ example: 'Indkaldelse til møde.pdf' }),
    pages: z.number().int().nullable(),
    source: z.string().meta({
      description: '`upload`, `converted` (from DOCX etc.), `email` (rendered from an e-mail) or `split` (one letter of a merged PDF)',
    }),
    createdAt: z.string().meta({ format: 'date-time' }),
    convertedFrom: z
      .object({ mediaType: z.string(), filename: z.string(), sha256: z.string(), bytes: z.number().int() })
      .optional()
      .meta({ description: 'The uploaded original, when the document was converted to PDF (the original is not kept)' }),
  })
  .meta({ id: 'Document' });
export type DocumentView = z.infer<typeof documentSchema>;

export const foundRecipientsSchema = z
  .object({
    recipients: z.array(
      z.object({
        idType: z.enum(['CPR', 'CVR']),
        id: z.string().meta({ example: '0101904321' }),
        pages: z.array(z.number().int().min(1)).meta({ description: '1-based pages the number is on' }),
      }),
    ),
  })
  .meta({ id: 'FoundRecipients' });
export type FoundRecipients = z.infer<typeof foundRecipientsSchema>;

const emailAddressSchema = z.object({ name: z.string().max(500).optional(), email: z.string().max(500) });
export type EmailAddress = z.infer<typeof emailAddressSchema>;

export const emailDocumentRequestSchema = z
  .object({
    subject: z.string().max(2000),
    from: emailAddressSchema,
    to: z.array(emailAddressSchema).max(1000).default([]),
    cc: z.array(emailAddressSchema).max(1000).optional(),
    date: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'date must be an ISO 8601 date-time, e.g. 2026-11-24T10:00:00+01:00')
      .meta({ format: 'date-time' }),
    html: z.string(),
    inlineImages: z
      .array(z.object({ cid: z.string().min(1).max(1000), contentType: z.string().max(200), base64: z.string() }))
      .max(500)
      .default([]),
    attachments: z
      .array(
        z.object({
          filename: z.string().min(1).max(500),
          contentType: z.string().max(200).default('application/octet-stream'),
          base64: z.string(),
        }),
      )
      .max(500)
      .default([]),
  })
  .meta({ id: 'EmailDocumentRequest' });
export type EmailDocumentRequest = z.infer<typeof emailDocumentRequestSchema>;

export const emailDocumentsSchema = z
  .object({
    mainDocument: documentSchema,
    attachments: z.array(documentSchema),
    refused: z.array(z.object({ filename: z.string(), reason: z.string() })),
    warnings: z.array(z.string()).meta({ description: 'e.g. inline images the body refers to that were not sent' }),
  })
  .meta({ id: 'EmailDocuments' });
export type EmailDocuments = z.infer<typeof emailDocumentsSchema>;
