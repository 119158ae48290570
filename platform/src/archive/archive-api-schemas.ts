/**
 * @module
 * Zod (OpenAPI) schemas of the archive API's requests and answers.
 */
import { z } from '@hono/zod-openapi';

export const documentSchema = z
  .object({
    id: z.string(),
    role: z.string(),
    kind: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    bytes: z.number(),
    sha256: z.string(),
    deletedAt: z.string().nullable(),
    href: z.string().nullable().openapi({ description: 'Download link; null once retention deleted the content' }),
  })
  .openapi('ArchiveDocument');

export const recordSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    direction: z.string(),
    letterId: z.string().nullable(),
    subject: z.string(),
    occurredAt: z.string(),
    channel: z.string().nullable(),
    provider: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    status: z.string().nullable(),
    sender: z.object({ ref: z.string(), name: z.string().nullable() }),
    party: z.object({ idType: z.string(), id: z.string(), masked: z.string(), name: z.string().nullable() }),
    legalHold: z.boolean(),
    documents: z.array(documentSchema),
    receipt: documentSchema.nullable(),
    exports: z.array(
      z.object({ target: z.string(), status: z.string(), lastError: z.string().nullable(), exportedAt: z.string().nullable() }),
    ),
  })
  .openapi('ArchiveRecord');

export const pageSchema = z
  .object({
    items: z.array(recordSchema),
    page: z.number(),
    pageSize: z.number(),
    total: z.number().openapi({ description: 'Matches, counted up to 10,000' }),
    totalExact: z.boolean().openapi({ description: 'false when more than 10,000 match: narrow the search' }),
  })
  .openapi('ArchiveRecordPage');

const dateParam = z.coerce.date({ error: 'must be an ISO date or date-time, e.g. 2025-01-31' });

export const searchQuerySchema = z.object({
  party: z
    .string()
    .regex(/^[\d\s-]{8,13}$/, 'party must be a CPR (10 digits) or CVR (8 digits) number')
    .optional(),
  name: z.string().min(1).max(200).optional(),
  subject: z.string().min(1).max(255).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  status: z.string().max(40).optional(),
  sender: z.string().max(200).optional(),
  direction: z.enum(['outgoing', 'incoming']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const idParamSchema = z.object({ id: z.string().uuid('id must be a UUID') });

export const caseSchema = z
  .object({
    id: z.string(),
    party: z.object({ idType: z.string(), id: z.string(), masked: z.string(), name: z.string().nullable() }),
    createdAt: z.string(),
    lastActivityAt: z.string(),
    legalHold: z.boolean(),
    records: z.array(recordSchema),
  })
  .openapi('ArchiveCase');

export const legalHoldBodySchema = z.object({
  hold: z.boolean().openapi({ description: 'true places the hold, false lifts it' }),
  reason: z.string().trim().min(1, 'reason is required: say why (e.g. the complaint case number)').max(500),
});

export const exportRequestSchema = z
  .object({
    caseId: z.string().uuid().optional(),
    from: dateParam.optional(),
    to: dateParam.optional(),
    target: z.string().optional(),
  })
  .refine((b) => b.caseId !== undefined || (b.from !== undefined && b.to !== undefined), {
    message: 'give caseId, or from and to',
    path: ['caseId'],
  });

export const exportRowSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  letterId: z.string().nullable(),
  subject: z.string(),
  target: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  errorCode: z.string().nullable(),
  externalId: z.string().nullable(),
  updatedAt: z.string(),
  exportedAt: z.string().nullable(),
});

export const exportsQuerySchema = z.object({
  status: z.enum(['pending', 'exported', 'failed']).optional(),
  target: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export const retentionRuleSchema = z.object({
  documentKind: z.string().min(1).max(60),
  keepYears: z.number().int().min(1).max(200),
  after: z.literal('last_activity').default('last_activity'),
});

export const retentionReportSchema = z.object({
  dryRun: z.boolean(),
  documents: z.array(
    z.object({
      documentId: z.string(),
      organisationId: z.string(),
      recordId: z.string(),
      caseId: z.string(),
      kind: z.string(),
      bytes: z.number(),
      dueAt: z.string(),
    }),
  ),
  countsByKind: z.record(z.string(), z.number()),
  blobsDeleted: z.number(),
  blobsKept: z.number(),
});
