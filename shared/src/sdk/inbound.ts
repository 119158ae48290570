/**
 * @module
 * The inbound contract: post a provider receives (SF1606 "Modtag post", a Digipost inbox ...)
 * normalised into one shape, handed to the platform with `ctx.receive(message)`, and the verdict
 * the provider answers its remote with.
 */
import type { IdType } from '../domain/recipient.ts';

/** Who sent the message (a citizen, a company, another authority). */
export interface InboundParty {
  /** `CPR`, `CVR`, or what the remote names it (`FNR`, `ORGNR` ...). */
  idType: IdType | (string & {});
  /** The identifier. Personal data when a CPR number: never log it. */
  id: string;
  name?: string;
}

/** One document of a received message, kept exactly as received whatever its type. */
export interface InboundDocument {
  filename: string;
  mediaType: string;
  /** The bytes exactly as received (decoded from the wire's base64, nothing else). */
  content: Buffer;
  /** `main`, `additional` or `technical` (MeMo's three document kinds). */
  role: 'main' | 'additional' | 'technical';
  /** The remote's own id of the document, when it has one. */
  documentId?: string;
  label?: string;
}

/** Data the organisation routes by (contact point, KLE, FORM, case, P-unit ...). */
export interface InboundRouting {
  contactPointId?: string;
  contactGroup?: string;
  /** KLE classification, e.g. `28.12.08`. */
  kle?: string;
  /** FORM task number. */
  form?: string;
  caseId?: string;
  /** P-number (production unit) of a company sender. */
  pNumber?: string;
  /** CPR/CVR the content is about (MeMo ContentData). Personal data: never log it. */
  cpr?: string;
  cvr?: string;
}

/** What a reply says it answers (MeMo `ReplyData`). */
export interface InboundReplyReference {
  /** The message UUID of the letter answered: our letter's message id when we sent it. */
  messageUuid?: string;
  replyUuid?: string;
  caseId?: string;
  contactPointId?: string;
  generatingSystemId?: string;
  additional?: { label: string; value: string }[];
}

/** What a forwarded message says about the original (MeMo `ForwardData`). */
export interface InboundForwardReference {
  messageUuid?: string;
  originalSender?: string;
  contactPointId?: string;
  comment?: string;
}

/** A received message, normalised. */
export interface InboundMessage {
  /** The remote's message id (MeMo `messageUUID`, lower case): a message is stored once per id. */
  providerMessageId: string;
  sender: InboundParty;
  /** The organisation the message was addressed to, with the contact point chosen. */
  recipient: { idType: string; id: string; contactPointId?: string; label?: string };
  routing: InboundRouting;
  subject: string;
  documents: InboundDocument[];
  replyTo?: InboundReplyReference;
  forwardOf?: InboundForwardReference;
  /** When the sender made it, where the wire says. */
  createdAt?: Date;
  /** The whole message exactly as received (kept with it, archived). */
  raw: { mediaType: string; body: Buffer };
  /**
   * The exact answer the provider will give the remote on accept, when it can say in advance:
   * stored in the same transaction as the message and archived as its receipt.
   */
  acceptAnswer?: { mediaType: string; body: Buffer };
}

/**
 * The answer a provider gives its remote: accept once stored, reject with a reason a person
 * (at the sender's end or operations) can act on.
 */
export type InboundVerdict =
  { verdict: 'accept'; messageId: string; duplicate: boolean } | { verdict: 'reject'; code: string; reason: string };

/** What `ctx.receive` resolves with: the platform's id of the stored message. */
export interface InboundReceipt {
  /** The platform's id of the stored inbound message. */
  messageId: string;
  /** True when the same provider message id was stored before (nothing stored twice). */
  duplicate: boolean;
}
