/**
 * @module
 * Shipments and their preview as the API answers them.
 */
import { z } from 'zod';
import { CHANNELS, REGISTRATIONS } from '../domain/letter-status.ts';
import { COPY_KINDS, letterSchema, recipientViewSchema } from './letter-schemas.ts';

export const shipmentSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['held', 'in_progress', 'completed', 'cancelled']),
    subject: z.string(),
    channelPolicy: z.string(),
    review: z.boolean(),
    createdAt: z.string(),
    releasedAt: z.string().nullable(),
    counts: z.record(z.string(), z.number()),
    letters: z.array(letterSchema),
  })
  .meta({ id: 'Shipment' });
export type ShipmentView = z.infer<typeof shipmentSchema>;

/** One shipment in `GET /v1/shipments`: what it was, when, and its letters counted by status. */
export const shipmentSummarySchema = z
  .object({
    id: z.uuid(),
    subject: z.string(),
    status: z.enum(['held', 'released', 'cancelled']).meta({ description: '`held` for review, `released` to be sent, or `cancelled`' }),
    review: z.boolean(),
    channelPolicy: z.string(),
    letters: z.number().int(),
    counts: z.record(z.string(), z.number().int()).meta({ description: 'Letters by status, e.g. `{ "delivered_digital": 3 }`' }),
    createdAt: z.string(),
  })
  .meta({ id: 'ShipmentSummary' });
export type ShipmentSummary = z.infer<typeof shipmentSummarySchema>;

export const shipmentListSchema = z
  .object({
    shipments: z.array(shipmentSummarySchema),
    nextBefore: z.string().nullable().meta({ description: 'Pass as `before` for the next (older) page; null on the last page' }),
  })
  .meta({ id: 'ShipmentList' });
export type ShipmentList = z.infer<typeof shipmentListSchema>;

const leakHoldSchema = z.object({ kind: z.literal('leak_guard'), reason: z.string(), pages: z.array(z.number().int()) });

/** One copy of a recipient's letter as preview shows it. */
export const previewCopySchema = z.object({
  recipient: recipientViewSchema,
  copyKind: z.enum(COPY_KINDS),
  /** For a guardian copy: how the holder is related to the child, as CPR records it. */
  relation: z.enum(['mother', 'father', 'other']).optional(),
  registration: z.enum(REGISTRATIONS),
  channel: z.enum(CHANNELS).nullable(),
  provider: z.string().nullable(),
  warnings: z.array(z.string()),
  hold: leakHoldSchema.optional(),
});
export type PreviewCopy = z.infer<typeof previewCopySchema>;

export const previewSchema = z
  .object({
    recipients: z.array(
      z.object({
        recipient: recipientViewSchema,
        registration: z.enum(REGISTRATIONS),
        channel: z.enum(CHANNELS).nullable(),
        provider: z.string().nullable(),
        warnings: z.array(z.string()),
        copies: z.array(previewCopySchema).optional().meta({
          description:
            "Copies of this recipient's letter: custody holders of a child under 18 (`options.guardianCopies`) and `recipients[i].copies`",
        }),
        documents: z
          .array(
            z.object({
              id: z.uuid(),
              role: z.enum(['main', 'attachment']),
              filename: z.string(),
              pages: z.number().int().nullable(),
              bytes: z.number().int(),
            }),
          )
          .optional()
          .meta({
            description:
              "The documents this recipient's letter carries: its own document (or the shared one), its own attachments, then the shared ones",
          }),
        hold: leakHoldSchema.optional().meta({
          description:
            "The letter would be held for review: its documents carry a CPR number other than its recipient's (pages of the first document that does)",
        }),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'ShipmentPreview' });
export type ShipmentPreview = z.infer<typeof previewSchema>;
