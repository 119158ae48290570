/**
 * @module
 * `GET /v1/letters` paged on the server: the filters of the error list (shipment, provider,
 * reason, time) and a cursor to the next page, so no client ever loads every letter.
 */
import { z } from 'zod';
import { LETTER_STATUSES } from '../domain/letter-status.ts';
import { letterSchema } from './letter-schemas.ts';

/** The most letters one page holds. */
export const LETTER_PAGE_MAX = 500;

export const letterListQuerySchema = z.object({
  status: z.enum(LETTER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(LETTER_PAGE_MAX).default(100),
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the page before; absent for the first page' }),
  shipment: z
    .string()
    .regex(/^[0-9a-fA-F-]{1,36}$/, 'a shipment id or its beginning (hex digits and dashes)')
    .optional()
    .meta({ description: "The shipment's id or its beginning (the first 8 characters, as the console shows it)" }),
  provider: z.string().min(1).max(60).optional(),
  reason: z.string().min(1).max(200).optional().meta({ description: 'Words the reason contains (case-insensitive)' }),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Last changed at or after (ISO 8601)' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Last changed before (ISO 8601)' }),
});
export type LetterListQuery = z.infer<typeof letterListQuerySchema>;

export const letterPageSchema = z
  .object({
    letters: z.array(letterSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    total: z.number().meta({ description: 'Letters matching the filters in all pages, counted up to 10,000' }),
    totalExact: z.boolean().meta({ description: 'false when more than 10,000 match (then `total` is 10,000)' }),
  })
  .meta({ id: 'LetterPage' });
export type LetterPage = z.infer<typeof letterPageSchema>;
