/**
 * @module
 * Zod schemas of API answers, for the generated OpenAPI document.
 */
import { z } from '@hono/zod-openapi';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .openapi('Error');

export const recipientViewSchema = z.object({ idType: z.string(), id: z.string().openapi({ description: 'CPR numbers are masked DDMMYY-XXXX' }), name: z.string().optional() });

export const letterSchema = z
  .object({
    id: z.string().uuid(),
    shipmentId: z.string().uuid(),
    status: z.string().openapi({ example: 'delivered_digital' }),
    statusLabel: z.object({ da: z.string(), nb: z.string(), en: z.string() }).openapi({ description: 'The status as people read it (nb: "Sendt web", "Sendt print", "Venter", "Ikke sendt")' }),
    reason: z.string().nullable(),
    channel: z.string(),
    provider: z.string(),
    registration: z.string().nullable(),
    recipient: recipientViewSchema,
    messageId: z.string().uuid(),
    providerMessageId: z.string().nullable(),
    attempts: z.number(),
    resendOf: z.string().nullable(),
    sendAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Letter');

export const shipmentSchema = z
  .object({
    id: z.string().uuid(),
    status: z.enum(['held', 'in_progress', 'completed', 'cancelled']),
    subject: z.string(),
    channelPolicy: z.string(),
    review: z.boolean(),
    createdAt: z.string(),
    releasedAt: z.string().nullable(),
    counts: z.record(z.string(), z.number()),
    letters: z.array(letterSchema),
  })
  .openapi('Shipment');

export const previewSchema = z
  .object({
    recipients: z.array(
      z.object({
        recipient: recipientViewSchema,
        registration: z.enum(['digital', 'not_registered', 'exempt', 'unknown']),
        channel: z.enum(['digital', 'print', 'sms']).nullable(),
        provider: z.string().nullable(),
        warnings: z.array(z.string()),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .openapi('ShipmentPreview');

export const letterEventSchema = z
  .object({ id: z.string(), type: z.string(), status: z.string().nullable(), reason: z.string().nullable(), data: z.unknown().nullable(), hasRaw: z.boolean(), at: z.string() })
  .openapi('LetterEvent');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
export const errors = {
  400: json(errorSchema, 'Invalid input; `field` names what to fix'),
  401: { description: 'Missing or wrong token' },
  404: json(errorSchema, 'Not found'),
};
