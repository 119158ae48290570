/**
 * @module
 * The sandbox wire protocol: the JSON bodies the plugin and the simulator exchange. One file,
 * used by both sides, so they cannot drift apart. The simulator validates every request with
 * these schemas and answers 400 on anything else, as a real remote would.
 */
import { z } from 'zod';
import { CHANNELS, ID_TYPES, MAX_SUBJECT_LENGTH, REGISTRATIONS, actionSchema, postalAddressSchema } from '@brevdue/shared';

/** Media type of every request and answer body. */
export const MEDIA_TYPE = 'application/json';
/** Header carrying the callback signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-sandbox-signature';

/** `POST /lookup` body. */
export const lookupRequestSchema = z.object({ idType: z.enum(ID_TYPES), id: z.string().min(1).max(20) });
export type LookupRequest = z.infer<typeof lookupRequestSchema>;

/** `POST /lookup` answer. */
export interface LookupResponse {
  registration: (typeof REGISTRATIONS)[number];
  name?: string;
  sms: boolean;
}

/** One document inside a message: metadata plus the content in base64. */
export const wireDocumentSchema = z.object({
  role: z.enum(['main', 'attachment']),
  filename: z.string().min(1).max(255),
  mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'mediaType must look like type/subtype'),
  bytes: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits'),
  // Checked against bytes and sha256 after decoding, which also catches bad base64 (a regex over
  // 130 MB would cost more than the hash).
  content: z.string().min(1),
});
export type WireDocument = z.infer<typeof wireDocumentSchema>;

/** `POST /messages` body. */
export const wireMessageSchema = z.object({
  messageId: z.uuid(),
  /** The sender's own reference (the platform's letter id): lets the simulator count letters, not only message ids. */
  reference: z.string().min(1).max(100).optional(),
  channel: z.enum(CHANNELS),
  sender: z.object({
    name: z.string().min(1).max(200),
    cvr: z.string().optional(),
    orgnr: z.string().optional(),
    contactPoint: z.string().optional(),
  }),
  recipient: z.object({
    idType: z.enum(ID_TYPES),
    id: z.string().min(1).max(20),
    name: z.string().max(200).optional(),
    pNumber: z.string().optional(),
    address: postalAddressSchema.optional(),
    mobile: z.string().optional(),
  }),
  subject: z.string().trim().min(1).max(MAX_SUBJECT_LENGTH),
  documents: z.array(wireDocumentSchema).max(51).default([]),
  smsText: z.string().optional(),
  actions: z.array(actionSchema).max(10).default([]),
  replyAllowed: z.boolean().default(false),
  replyBy: z.string().nullish(),
  sendAt: z.string().nullish(),
  notification: z.string().max(150).optional(),
  print: z.object({ letterClass: z.enum(['quick', 'regular']), colour: z.boolean(), duplex: z.boolean() }).optional(),
  /** Whether the remote may print a digital letter itself when the recipient is not registered. */
  printFallback: z.boolean().default(false),
  caseId: z.string().optional(),
  /** Where the delivery callback goes; absent → the simulator's configured `callbackUrl`, if any. */
  callbackUrl: z.url().optional(),
});
export type WireMessage = z.input<typeof wireMessageSchema>;

/** Status of an accepted message as the simulator reports it. */
export const WIRE_STATUSES = ['submitted', 'delivered_digital', 'delivered_print', 'delivered_sms', 'failed'] as const;
export type WireStatus = (typeof WIRE_STATUSES)[number];

/** `POST /messages` answer on 201 (accepted) and 200 (duplicate); also `GET /messages/:id/status`. */
export interface MessageStatusResponse {
  messageId: string;
  status: WireStatus;
  /** The channel the message is (being) delivered on: `print` when the remote fell back to print. */
  channel: (typeof CHANNELS)[number];
  duplicate?: boolean;
  reason?: string;
  /** ISO time of the last status change. */
  at: string;
}

/** Body of the delivery callback the simulator POSTs to the platform. */
export const callbackBodySchema = z.object({
  messageId: z.uuid(),
  reference: z.string().optional(),
  event: z.string().min(1),
  status: z.enum(WIRE_STATUSES),
  channel: z.enum(CHANNELS),
  reason: z.string().optional(),
  at: z.iso.datetime(),
});
export type CallbackBody = z.infer<typeof callbackBodySchema>;

/** Error answer of every 4xx/5xx: a stable code and a Danish/English message. */
export interface ErrorResponse {
  error: { code: string; message: string; field?: string };
}
