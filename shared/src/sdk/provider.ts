/**
 * @module
 * The provider contract: a plugin that delivers letters over one or more channels
 * (Danish Digital Post, NemSMS, remote print, Digipost, the sandbox).
 */
import type { Hono } from 'hono';
import type { Action, ActionCode } from '../domain/actions.ts';
import type { Channel, LetterStatus, Registration } from '../domain/letter-status.ts';
import type { IdType, PostalAddress, Recipient } from '../domain/recipient.ts';
import type { WireBytes } from './errors.ts';

/** What a provider declares it can do; the platform checks letters against it before sending. */
export interface ProviderCapabilities {
  /** Largest shipment (all documents together) in bytes. */
  readonly maxShipmentBytes: number;
  /** Recipient identifier types served. */
  readonly recipientTypes: readonly IdType[];
  /** Action codes the wire format can carry. */
  readonly actionCodes: readonly ActionCode[];
  /** Whether the recipient can reply. */
  readonly replies: boolean;
  /** Whether `sendAt` (deferred delivery) is honoured by the remote. */
  readonly deferredSend: boolean;
  /** Print options honoured, when the provider prints. */
  readonly print?: { readonly colour: boolean; readonly duplex: boolean; readonly letterClasses: readonly ('quick' | 'regular')[] };
  /** Whether the provider receives post (an inbound route calling `ctx.receive`); runs `testInbound`. */
  readonly receives?: true;
  /**
   * Sends in flight per platform process the remote accepts (its agreed limit); the config's
   * `plugins[i].concurrency` overrides it. Default 100.
   */
  readonly concurrency?: number;
}

/** Answer of `lookup`: whether and how a recipient can be reached. */
export interface LookupResult {
  registration: Registration;
  /** Name as the remote knows it, where it tells. */
  name?: string;
  /** Whether the recipient can get SMS through this provider (NemSMS). */
  sms?: boolean;
  /** Free-text remarks for the preview, e.g. "exempt from digital post". */
  warnings?: string[];
}

/** A stored document handed to `send`. */
export interface LetterDocument {
  id: string;
  filename: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  /** Reads the whole document. */
  read(): Promise<Buffer>;
  /** Streams the document (for big files). */
  stream(): import('node:stream').Readable;
}

/** The sending organisation, as the provider must present it. */
export interface LetterSender {
  organisationId: string;
  name: string;
  /** Danish CVR or Norwegian organisation number. */
  cvr?: string;
  orgnr?: string;
  /** Contact point shown to the citizen (e.g. a department), if configured. */
  contactPoint?: string;
  /** Return address for print. */
  returnAddress?: PostalAddress;
}

/** One letter to send: one recipient over one channel. */
export interface OutgoingLetter {
  /** The platform's letter id (UUID v4). Stable across retries. */
  letterId: string;
  /**
   * Message id to present to the remote (UUID v4). Stable across retries of the same letter,
   * so a repeated attempt is answered as a duplicate rather than delivered twice.
   */
  messageId: string;
  shipmentId: string;
  channel: Channel;
  subject: string;
  recipient: Recipient;
  sender: LetterSender;
  mainDocument?: LetterDocument;
  attachments: LetterDocument[];
  smsText?: string;
  actions: Action[];
  options: {
    replyAllowed: boolean;
    replyBy?: string | null;
    sendAt?: string | null;
    notification?: string;
    mandatory?: boolean;
    legalNotification?: boolean;
    print?: { letterClass: 'quick' | 'regular'; colour: boolean; duplex: boolean };
    printIfUnreadAfterDays?: number;
  };
  caseId?: string;
  /** When this letter answers a received message. */
  replyTo?: { messageId: string; messageUuid?: string };
  /** Whether the provider may fall back to print itself (Digipost print-details, "Automatisk Valg"). */
  printFallback: boolean;
  createdAt: Date;
}

/** Outcome of a successful `send`. */
export interface SendResult {
  /** The remote's reference for the message (often the messageId). */
  providerMessageId: string;
  /** Status right after the call: `submitted`, or already delivered. */
  status: Extract<LetterStatus, 'submitted' | 'delivered_digital' | 'delivered_print' | 'delivered_sms'>;
  /** True when the remote answered that it already had this message (a retry). */
  duplicate: boolean;
  /** The exact message transmitted. */
  wire: WireBytes;
  /** The remote's answer, exactly as received. */
  receipt: WireBytes;
  /** The channel actually used (a provider choosing print itself reports `print`). */
  channel?: Channel;
}

/** A status change learnt from the remote (poll or callback). */
export interface StatusUpdate {
  /** Identify the letter by the platform's id or by the provider message id. */
  letterId?: string;
  providerMessageId?: string;
  /** New status; omit for an informational event (e.g. "opened"). */
  status?: LetterStatus;
  /** Event name for the letter's history, e.g. `delivered`, `opened`, `print_failed`. */
  event: string;
  /** A reason a person can act on (for `failed`). */
  reason?: string;
  at: Date;
  /** The remote's raw answer, kept with the letter. */
  raw?: WireBytes;
  /** Channel actually used, when the remote decided (digital else print). */
  channel?: Channel;
}

/** A letter the platform asks `poll` about. */
export interface PolledLetter {
  letterId: string;
  providerMessageId: string;
  channel: Channel;
  submittedAt: Date;
}

/** A provider instance: what `create` returns. */
/** An envelope window: millimetres on page 1 of an A4 letter, from the page's top-left corner. */
export interface PrintWindow {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A print provider's window check: before a printed letter with a known postal address is handed
 * over, the platform checks that page 1 shows the recipient's name and postal code in `window` and
 * nothing else there; a letter that fails gets an address cover page, or is failed with a reason.
 */
export interface PrintPreflight {
  /** The window of the letters `windowFor` does not place (all of them without it). */
  readonly window: PrintWindow;
  /**
   * Optional: the window of the envelope a letter of `sheets` sheets goes in, where thick letters
   * go in a larger envelope with its window elsewhere (C5 up to a few sheets, then C4).
   */
  windowFor?(sheets: number): PrintWindow;
  readonly onFail: 'cover-page' | 'refuse';
}

/**
 * The window a letter of `pages` pages (main document and attachments) is checked against.
 * @example printWindowOf(provider.printPreflight, 9, false) // C4's window when 9 sheets go in C4
 */
export function printWindowOf(check: PrintPreflight, pages: number | undefined, duplex = false): PrintWindow {
  if (!check.windowFor || pages === undefined) return check.window;
  return check.windowFor(duplex ? Math.ceil(pages / 2) : pages);
}

export interface Provider {
  /**
   * Registration of a recipient for digital post (and SMS). Called by preview and by the
   * channel policy before sending; may be cached by the provider. Must not send anything.
   */
  lookup(recipient: Recipient): Promise<LookupResult>;
  /**
   * Sends one letter. MUST be idempotent on `letter.messageId`: a second call for the same
   * letter must not deliver twice (present the same message id; a remote duplicate answer is
   * a success with `duplicate: true`). Throw `ProviderError` — `transient` to be retried,
   * `permanent` to fail the letter with the message shown to the user.
   */
  send(letter: OutgoingLetter): Promise<SendResult>;
  /** Optional: asks the remote for news about submitted letters. Called periodically. */
  poll?(letters: PolledLetter[]): Promise<StatusUpdate[]>;
  /** Optional: HTTP routes mounted at `/v1/plugins/<name>/` (callbacks, inbound post). */
  routes?(app: Hono): void;
  /** Optional: releases resources (agents, timers). */
  close?(): Promise<void>;
  /** Optional, print providers: the envelope window letters must fit (see `PrintPreflight`). */
  readonly printPreflight?: PrintPreflight;
}
