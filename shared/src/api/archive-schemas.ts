/**
 * @module
 * The archive API's answers (`/v1/archive/...`): records with their documents and receipts, a
 * party's case, export rows, the configured targets and a retention report. The platform's
 * routes declare them (and so its OpenAPI document); the console reads them.
 */
import { z } from 'zod';

const party = z.object({
  idType: z.string(),
  id: z.string().meta({ description: 'The whole number for the archive roles; shown masked (`masked`) on every page' }),
  masked: z.string(),
  name: z.string().nullable(),
});

export const archiveDocumentSchema = z
  .object({
    id: z.string(),
    role: z.string().meta({ description: 'letter, attachment, wire-message, provider-receipt, receipt, incoming ...' }),
    kind: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    bytes: z.number(),
    sha256: z.string(),
    deletedAt: z.string().nullable(),
    href: z.string().nullable().meta({ description: 'Download link; null once retention deleted the content' }),
  })
  .meta({ id: 'ArchiveDocument' });
export type ArchiveDocument = z.infer<typeof archiveDocumentSchema>;

export const archiveRecordSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    direction: z.string().meta({ description: 'outgoing (a letter sent) or incoming (post received)' }),
    letterId: z.string().nullable(),
    subject: z.string(),
    occurredAt: z.string(),
    channel: z.string().nullable(),
    provider: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    status: z.string().nullable(),
    sender: z.object({ ref: z.string(), name: z.string().nullable() }),
    party,
    legalHold: z.boolean().meta({ description: 'On hold, by its own hold or its case’s: retention never deletes it' }),
    recordHold: z.boolean().meta({ description: 'The record’s own hold (POST /v1/archive/records/{id}/legal-hold)' }),
    documents: z.array(archiveDocumentSchema),
    receipt: archiveDocumentSchema.nullable(),
    exports: z.array(
      z.object({ target: z.string(), status: z.string(), lastError: z.string().nullable(), exportedAt: z.string().nullable() }),
    ),
  })
  .meta({ id: 'ArchiveRecord' });
export type ArchiveRecord = z.infer<typeof archiveRecordSchema>;

export const archiveRecordPageSchema = z
  .object({
    items: z.array(archiveRecordSchema),
    page: z.number(),
    pageSize: z.number(),
    total: z.number().meta({ description: 'Matches, counted up to 10,000' }),
    totalExact: z.boolean().meta({ description: 'false when more than 10,000 match: narrow the search' }),
  })
  .meta({ id: 'ArchiveRecordPage' });
export type ArchiveRecordPage = z.infer<typeof archiveRecordPageSchema>;

export const archiveCaseSchema = z
  .object({
    id: z.string(),
    party,
    createdAt: z.string(),
    lastActivityAt: z.string(),
    legalHold: z.boolean(),
    records: z.array(archiveRecordSchema).meta({ description: 'One page of the case’s records, newest first' }),
    page: z.number(),
    pageSize: z.number(),
    total: z.number().meta({ description: 'The case’s records (the caller may see), counted up to 10,000' }),
  })
  .meta({ id: 'ArchiveCase' });
export type ArchiveCase = z.infer<typeof archiveCaseSchema>;

export const archiveExportRowSchema = z
  .object({
    id: z.string(),
    recordId: z.string(),
    caseId: z.string(),
    letterId: z.string().nullable(),
    subject: z.string(),
    target: z.string(),
    status: z.string().meta({ description: 'pending, exported or failed' }),
    attempts: z.number(),
    lastError: z.string().nullable(),
    errorCode: z.string().nullable(),
    externalId: z.string().nullable(),
    updatedAt: z.string(),
    exportedAt: z.string().nullable(),
  })
  .meta({ id: 'ArchiveExport' });
export type ArchiveExportRow = z.infer<typeof archiveExportRowSchema>;

export const archiveExportPageSchema = z.object({ items: z.array(archiveExportRowSchema), total: z.number() });
export type ArchiveExportPage = z.infer<typeof archiveExportPageSchema>;

export const archiveExportQueuedSchema = z.object({ records: z.number(), queued: z.number(), targets: z.array(z.string()) });
export type ArchiveExportQueued = z.infer<typeof archiveExportQueuedSchema>;

export const archiveTargetsSchema = z
  .object({
    targets: z.array(
      z.object({
        name: z.string(),
        autoExport: z.boolean().meta({ description: 'New records go there by themselves' }),
        partyTypes: z.array(z.string()).nullable().meta({ description: 'The party types it files; null: all' }),
      }),
    ),
  })
  .meta({ id: 'ArchiveTargets' });
export type ArchiveTargets = z.infer<typeof archiveTargetsSchema>;

export const legalHoldAnswerSchema = z.object({ id: z.string(), legalHold: z.boolean() });
export type LegalHoldAnswer = z.infer<typeof legalHoldAnswerSchema>;

export const retentionRuleViewSchema = z.object({ documentKind: z.string(), keepYears: z.number(), after: z.literal('last_activity') });
export const retentionRulesSchema = z.object({ rules: z.array(retentionRuleViewSchema) }).meta({ id: 'RetentionRules' });
export type RetentionRules = z.infer<typeof retentionRulesSchema>;

/** The languages a receipt PDF is written in, one per receipt: Danish, English, Norwegian bokmål. */
export const RECEIPT_LANGUAGES = ['da', 'en', 'nb'] as const;
export type ReceiptLanguage = (typeof RECEIPT_LANGUAGES)[number];

export const archiveSettingsSchema = z
  .object({
    receiptLanguage: z.enum(RECEIPT_LANGUAGES, { error: 'must be da (Danish), en (English) or nb (Norwegian bokmål)' }).meta({
      description: 'The language of the receipt PDFs filed from now on: da (the default), en or nb. Receipts filed before keep theirs.',
    }),
  })
  .meta({ id: 'ArchiveSettings' });
export type ArchiveSettings = z.infer<typeof archiveSettingsSchema>;

export const retentionReportSchema = z
  .object({
    dryRun: z.boolean(),
    documents: z
      .array(
        z.object({
          documentId: z.string(),
          organisationId: z.string(),
          recordId: z.string(),
          caseId: z.string(),
          kind: z.string(),
          bytes: z.number(),
          dueAt: z.string(),
        }),
      )
      .meta({ description: 'The documents (dry run: that would be) deleted; one page of them when `pageSize` is given' }),
    total: z.number().meta({ description: 'Every document (dry run: that would be) deleted' }),
    page: z.number(),
    pageSize: z.number().nullable().meta({ description: 'null: every document is listed' }),
    countsByKind: z.record(z.string(), z.number()),
    blobsDeleted: z.number(),
    blobsKept: z.number(),
  })
  .meta({ id: 'RetentionReport' });
export type RetentionReportView = z.infer<typeof retentionReportSchema>;
