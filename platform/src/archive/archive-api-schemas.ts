/**
 * @module
 * Zod (OpenAPI) schemas of the archive API's requests and answers.
 */
import { z } from '@hono/zod-openapi';
import { archiveMessages as M } from './messages.ts';

// The answers are shared with the console (`@brevdue/shared/api`); the requests are the platform's.
export {
  archiveDocumentSchema as documentSchema,
  archiveRecordSchema as recordSchema,
  archiveRecordPageSchema as pageSchema,
  archiveCaseSchema as caseSchema,
  archiveExportRowSchema as exportRowSchema,
  archiveExportPageSchema as exportPageSchema,
  archiveExportQueuedSchema as exportQueuedSchema,
  archiveTargetsSchema as targetsSchema,
  legalHoldAnswerSchema,
  retentionReportSchema,
  retentionRulesSchema,
  archiveSettingsSchema,
} from '@brevdue/shared/api';

const dateParam = z.coerce.date({ error: 'must be an ISO date or date-time, e.g. 2025-01-31' });

/** Letters asked for at most at once: a page of records holds each letter's record (a copy's twice). */
export const MAX_LETTER_IDS = 100;

/** `letterId`: one or more letter ids, repeated (`letterId=a&letterId=b`) or comma-separated. */
const letterIdsParam = z
  .preprocess(
    (v) =>
      v === undefined
        ? undefined
        : (Array.isArray(v) ? v : [v])
            .flatMap((s) => String(s).split(','))
            .map((s) => s.trim())
            .filter(Boolean),
    z
      .array(z.string().uuid('letterId must be a UUID'))
      .min(1, 'letterId must name at least one letter')
      .max(MAX_LETTER_IDS, `letterId names at most ${MAX_LETTER_IDS} letters per request`),
  )
  .optional()
  .openapi({
    description: `The records of these letters (at most ${MAX_LETTER_IDS}): repeat the parameter or separate the ids by commas. A copy's letter has two records: its own and the one in its original recipient's case`,
    param: { style: 'form', explode: true },
  });

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
  channel: z.enum(['digital', 'print', 'sms']).optional(),
  caseId: z.string().uuid('caseId must be a UUID').optional(),
  letterId: letterIdsParam,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const idParamSchema = z.object({ id: z.string().uuid('id must be a UUID') });

/** One page of a case's records (the default, 200, is the whole case for all but the largest). */
export const caseQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(200),
});

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

export const exportsQuerySchema = z.object({
  status: z.enum(['pending', 'exported', 'failed']).optional(),
  target: z.string().optional(),
  caseId: z.string().uuid('caseId must be a UUID').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export const retentionRuleSchema = z.object({
  documentKind: z.string().min(1).max(60),
  keepYears: z.number().int().min(1).max(200),
  after: z.literal('last_activity').default('last_activity'),
});

/** `dryRun` (the default) changes nothing; `pageSize` lists one page of the documents, all without it. */
export const retentionRunQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).default('true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

/** Insight for a party by number, or for a case's party (so a page showing only the masked number can ask). */
export const insightQuerySchema = z
  .object({
    party: z
      .string()
      .regex(/^[\d\s-]{8,13}$/, M.invalidParty)
      .optional(),
    caseId: z.string().uuid('caseId must be a UUID').optional(),
  })
  .refine((q) => (q.party === undefined) !== (q.caseId === undefined), {
    message: M.insightScope,
    path: ['party'],
  });
