/**
 * @module
 * The body of `POST /v1/shipments` and `POST /v1/shipments/preview`, as user systems write it.
 */
import { z } from 'zod';
import { actionSchema } from './actions.ts';
import { recipientSchema } from './recipient.ts';
import { CHANNEL_POLICIES } from './letter-status.ts';
import { dateTimeSchema } from './actions.ts';

/** NgDP's limit for one shipment (all documents together): 99.5 MB. */
export const MAX_SHIPMENT_BYTES = 99.5 * 1024 * 1024;
/** Longest subject every provider takes (Digipost: 255; MeMo label: 256). */
export const MAX_SUBJECT_LENGTH = 255;
/** Most recipients in one shipment. */
export const MAX_RECIPIENTS = 10_000;
/** Most attachments of a shipment, and of one recipient's own letter. */
export const MAX_ATTACHMENTS = 50;
/** Most manual copies of one recipient's letter. */
export const MAX_COPIES = 10;

/**
 * A recipient of a shipment: who, and optionally the recipient's own document and attachments
 * (a merge letter split with `POST /v1/documents/{id}/split`). The letter carries its own
 * document instead of `mainDocument`, then its own attachments, then the shared ones.
 */
export const shipmentRecipientSchema = recipientSchema.safeExtend({
  document: z.string().uuid('document must be a document id from POST /v1/documents').optional(),
  attachments: z.array(z.string().uuid('attachments must be document ids from POST /v1/documents')).max(MAX_ATTACHMENTS).optional(),
  /**
   * Others who get a copy of this recipient's letter (`copyKind: "manual"`): each a letter of
   * its own with the same documents, filed in this recipient's case too.
   */
  copies: z.array(recipientSchema).max(MAX_COPIES, `at most ${MAX_COPIES} copies per recipient`).optional(),
});
export type ShipmentRecipient = z.infer<typeof shipmentRecipientSchema>;

export const printOptionsSchema = z.object({
  /** Quick (A, "Prioritaire") or regular (B, "Economique"). */
  letterClass: z.enum(['quick', 'regular']).default('regular'),
  colour: z.boolean().default(false),
  duplex: z.boolean().default(true),
});

export const shipmentOptionsSchema = z.object({
  replyAllowed: z.boolean().default(false),
  /** Reply deadline shown to the citizen (only with replyAllowed). */
  replyBy: dateTimeSchema.nullish(),
  /** Deferred send: the letter is not delivered before this time. */
  sendAt: dateTimeSchema.nullish(),
  /** Notification text shown in the inbox (max 150 characters in MeMo). */
  notification: z.string().trim().max(150, 'notification is at most 150 characters').optional(),
  mandatory: z.boolean().optional(),
  legalNotification: z.boolean().optional(),
  print: printOptionsSchema.optional(),
  /** Norwegian print fallback: print if the digital letter is unread after this many days. */
  printIfUnreadAfterDays: z.number().int().min(1).max(90).optional(),
  /**
   * Each CPR recipient under 18 (by the CPR number): the custody holders, looked up in the
   * configured register, each get a copy of the child's letter (`copyKind: "guardian"`).
   */
  guardianCopies: z.boolean().optional(),
});

export const shipmentRequestSchema = z
  .object({
    subject: z
      .string()
      .trim()
      .min(1, 'subject must not be empty')
      .max(MAX_SUBJECT_LENGTH, `subject is at most ${MAX_SUBJECT_LENGTH} characters`),
    mainDocument: z.string().uuid('mainDocument must be a document id from POST /v1/documents').optional(),
    attachments: z.array(z.string().uuid('attachments must be document ids from POST /v1/documents')).max(MAX_ATTACHMENTS).default([]),
    recipients: z.array(shipmentRecipientSchema).min(1, 'at least one recipient is required').max(MAX_RECIPIENTS),
    channelPolicy: z.enum(CHANNEL_POLICIES).default('digital-else-print'),
    actions: z.array(actionSchema).max(10).default([]),
    options: shipmentOptionsSchema.default({ replyAllowed: false }),
    smsText: z.string().optional(),
    /** Case reference in the sender's records system (MeMo ContentData/caseID). */
    caseId: z.string().trim().min(1).max(100).optional(),
    /** Create the shipment on hold for review before release (batch run). */
    review: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (s.channelPolicy === 'sms') {
      if (!s.smsText || s.smsText.trim() === '')
        ctx.addIssue({ code: 'custom', path: ['smsText'], message: 'an SMS shipment needs smsText' });
      if (s.mainDocument)
        ctx.addIssue({ code: 'custom', path: ['mainDocument'], message: 'an SMS shipment carries smsText, not documents' });
      s.recipients.forEach((r, i) => {
        if (r.document || r.attachments?.length)
          ctx.addIssue({ code: 'custom', path: ['recipients', i, 'document'], message: 'an SMS shipment carries smsText, not documents' });
      });
    } else {
      // Without a shared main document every recipient needs its own (checked by the platform,
      // which names the recipient); with none at all, mainDocument is what is missing.
      if (!s.mainDocument && !s.recipients.some((r) => r.document)) {
        ctx.addIssue({
          code: 'custom',
          path: ['mainDocument'],
          message: 'mainDocument is required (upload it with POST /v1/documents), unless every recipient has its own document',
        });
      }
      if (s.smsText !== undefined) ctx.addIssue({ code: 'custom', path: ['smsText'], message: 'smsText is only for channelPolicy "sms"' });
    }
    if (s.options.replyBy && !s.options.replyAllowed) {
      ctx.addIssue({ code: 'custom', path: ['options', 'replyBy'], message: 'replyBy needs replyAllowed: true' });
    }
    const seen = new Set<string>();
    s.recipients.forEach((r, i) => {
      const key = `${r.idType}:${r.id}:${r.pNumber ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['recipients', i, 'id'], message: `recipient ${r.idType} listed twice` });
      seen.add(key);
    });
  });
export type ShipmentRequest = z.infer<typeof shipmentRequestSchema>;
export type ShipmentRequestInput = z.input<typeof shipmentRequestSchema>;
