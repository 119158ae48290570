/**
 * @module
 * Shipments and their preview as the API answers them.
 */
import { z } from 'zod';
import { CHANNELS, REGISTRATIONS } from '../domain/letter-status.ts';
import { letterSchema, recipientViewSchema } from './letter-schemas.ts';

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

export const previewSchema = z
  .object({
    recipients: z.array(
      z.object({
        recipient: recipientViewSchema,
        registration: z.enum(REGISTRATIONS),
        channel: z.enum(CHANNELS).nullable(),
        provider: z.string().nullable(),
        warnings: z.array(z.string()),
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
        hold: z
          .object({ kind: z.literal('leak_guard'), reason: z.string(), pages: z.array(z.number().int()) })
          .optional()
          .meta({
            description:
              "The letter would be held for review: its documents carry a CPR number other than its recipient's (pages of the first document that does)",
          }),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'ShipmentPreview' });
export type ShipmentPreview = z.infer<typeof previewSchema>;
