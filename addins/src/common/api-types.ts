/**
 * @module
 * Response shapes of the platform API the panes use (see the platform's OpenAPI document).
 */
import type { Channel, IdType, LetterStatus, Registration } from '@brevdue/shared';

export interface UploadedDocument {
  id: string;
  sha256: string;
  bytes: number;
  mediaType: string;
  filename: string;
  pages: number;
}

export interface EmailAddress {
  name: string;
  email: string;
}

/** Body of `POST /v1/documents/from-email`. */
export interface EmailPayload {
  subject: string;
  from: EmailAddress;
  to: EmailAddress[];
  cc?: EmailAddress[];
  /** ISO 8601 date-time. */
  date: string;
  html: string;
  inlineImages: Array<{ cid: string; contentType: string; base64: string }>;
  attachments: Array<{ filename: string; contentType: string; base64: string }>;
}

export interface FromEmailResult {
  mainDocument: UploadedDocument;
  attachments: UploadedDocument[];
  refused: Array<{ filename: string; reason: string }>;
}

export interface FoundRecipient {
  idType: IdType;
  id: string;
  pages: number[];
}

export interface PreviewRecipient {
  recipient: { idType: IdType; id: string; name?: string };
  registration: Registration;
  channel: Channel | null;
  provider: string | null;
  warnings: string[];
}

export interface PreviewResult {
  recipients: PreviewRecipient[];
  warnings: string[];
}

export interface LetterSummary {
  id: string;
  status: LetterStatus;
  channel: Channel | null;
  recipient: { idType: IdType; id: string; name?: string | null };
  reason?: string | null;
}

export interface ShipmentResult {
  id: string;
  status: string;
  letters: LetterSummary[];
}

/** Data of an SSE `event: letter`. */
export interface LetterEvent {
  letterId: string;
  status: LetterStatus;
  reason?: string;
  channel: Channel | null;
  at: string;
}

export interface LookupResult {
  valid: boolean;
  registration: Registration;
  name?: string;
}
