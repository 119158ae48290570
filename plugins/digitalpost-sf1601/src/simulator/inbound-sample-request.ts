/**
 * @module
 * `POST /_simulator/inbound/sample`: the simulator writes a sample MeMo message a citizen sends
 * the organisation (`sampleInboundMemo`) from a few JSON fields and delivers it as
 * `/_simulator/inbound` does — so a tester (`brevdue sandbox send-inbound`) need not write MeMo.
 */
import { z } from 'zod';
import { sampleInboundMemo } from '../inbound/sample-inbound-memo.ts';

/** The request body; every field but `cvr` optional. */
export const inboundSampleSchema = z
  .object({
    /** The organisation's CVR (the recipient). */
    cvr: z.string().regex(/^\d{8}$/, "cvr must be the organisation's 8-digit CVR"),
    messageUuid: z.uuid().optional(),
    senderCpr: z
      .string()
      .regex(/^\d{10}$/, 'senderCpr must be 10 digits')
      .optional(),
    subject: z.string().min(1).max(200).optional(),
    /** MeMo messageUUID of the letter this answers (ReplyData). */
    replyToMessageUuid: z.uuid().optional(),
    caseId: z.string().min(1).max(256).optional(),
    contactPointId: z.string().min(1).max(256).optional(),
    kle: z.string().min(1).max(64).optional(),
    document: z
      .object({ filename: z.string().min(1).max(255), mediaType: z.string().min(1).max(255), contentBase64: z.base64() })
      .optional(),
  })
  .strict();
export type InboundSampleRequest = z.input<typeof inboundSampleSchema>;

/**
 * The MeMo message for a sample request.
 * @throws ZodError naming the field of a bad request.
 */
export function inboundSampleMemo(body: unknown): Buffer {
  const { document, ...o } = inboundSampleSchema.parse(body);
  const doc = document && {
    filename: document.filename,
    mediaType: document.mediaType,
    content: Buffer.from(document.contentBase64, 'base64'),
  };
  return Buffer.from(sampleInboundMemo({ ...o, ...(doc ? { document: doc } : {}) }), 'utf8');
}
