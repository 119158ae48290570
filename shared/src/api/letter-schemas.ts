/**
 * @module
 * Letters as the API answers them: the letter, its events, and the live status changes of
 * `GET /v1/shipments/{id}/events`.
 */
import { z } from 'zod';
import { CHANNELS, LETTER_STATUSES } from '../domain/letter-status.ts';

/** Why a letter is a copy of another. */
export const COPY_KINDS = ['guardian', 'manual'] as const;
export type CopyKind = (typeof COPY_KINDS)[number];

/** A recipient as answers show it: CPR numbers masked. */
export const recipientViewSchema = z.object({
  idType: z.string(),
  id: z.string().meta({ description: 'CPR numbers are masked DDMMYY-XXXX' }),
  name: z.string().optional(),
  pNumber: z.string().optional(),
});

export const letterSchema = z
  .object({
    id: z.uuid(),
    shipmentId: z.uuid(),
    status: z.enum(LETTER_STATUSES).meta({ example: 'delivered_digital' }),
    statusLabel: z
      .object({ da: z.string(), nb: z.string(), en: z.string() })
      .meta({ description: 'The status as people read it (nb: "Sendt web", "Sendt print", "Venter", "Ikke sendt")' }),
    reason: z.string().nullable(),
    hold: z.enum(['leak_guard']).optional().meta({
      description: "Why a `held` letter is held other than for batch-run review: `leak_guard`, it carries another person's CPR number",
    }),
    copyOf: z.uuid().optional().meta({ description: "Present on a copy: the letter it copies (whose recipient's case files it too)" }),
    copyKind: z.enum(COPY_KINDS).optional().meta({
      description: 'Present on a copy: `guardian`, to a custody holder of a recipient under 18; `manual`, named in `recipients[i].copies`',
    }),
    channel: z.enum(CHANNELS),
    provider: z.string(),
    registration: z.string().nullable(),
    recipient: recipientViewSchema,
    messageId: z.uuid(),
    providerMessageId: z.string().nullable(),
    attempts: z.number(),
    resendOf: z.string().nullable(),
    sendAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Letter' });
export type LetterView = z.infer<typeof letterSchema>;

export const letterEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    status: z.string().nullable(),
    reason: z.string().nullable(),
    data: z.unknown().nullable(),
    hasRaw: z.boolean(),
    at: z.string(),
  })
  .meta({ id: 'LetterEvent' });
export type LetterEventView = z.infer<typeof letterEventSchema>;

/** Data of an SSE `event: letter` (a letter's status now). */
export const letterChangeSchema = z.object({
  letterId: z.uuid(),
  status: z.enum(LETTER_STATUSES),
  reason: z.string().nullable().optional(),
  channel: z.enum(CHANNELS),
  at: z.string(),
});
export type LetterChangeEvent = z.infer<typeof letterChangeSchema>;
