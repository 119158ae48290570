/**
 * @module
 * Kysely table types. Keep in step with `migrations/`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ArchiveDatabase } from '../archive/archive-schema.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** bigint columns arrive as strings from pg; we parse them to numbers (see `db/connect.ts`). */
type BigInt = ColumnType<number, number | bigint, number | bigint>;

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  cvr: string | null;
  orgnr: string | null;
  contact_point: string | null;
  return_address: Json | null;
  created_at: CreatedAt;
}

export type Role = 'sender' | 'admin' | 'archivist' | 'auditor';

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  email: string | null;
  role: Role;
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string | null;
  name: string;
  role: Role;
  token_hash: string;
  prefix: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface DocumentsTable {
  id: Generated<string>;
  organisation_id: string;
  sha256: string;
  bytes: BigInt;
  media_type: string;
  filename: string;
  pages: number | null;
  /** `upload`, `converted` (from DOCX etc.), `email` (rendered from an e-mail). */
  source: Generated<string>;
  created_at: CreatedAt;
  deleted_at: Timestamp | null;
}

export interface ShipmentsTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string | null;
  subject: string;
  channel_policy: string;
  /** The normalised request body (zod output). */
  request: Json;
  /** `held` (awaiting review), `released`, `cancelled`. */
  status: string;
  review: Generated<boolean>;
  idempotency_key: string | null;
  request_hash: string;
  released_at: Timestamp | null;
  released_by: string | null;
  created_at: CreatedAt;
}

export interface LettersTable {
  id: string;
  organisation_id: string;
  shipment_id: string;
  recipient_type: string;
  /** The CPR/CVR/FNR/ORGNR. Personal data: never log it. */
  recipient_id: string;
  recipient: Json;
  channel: string;
  provider: string;
  registration: string | null;
  status: string;
  status_reason: string | null;
  message_id: string;
  provider_message_id: string | null;
  attempts: Generated<number>;
  wire_sha256: string | null;
  wire_media_type: string | null;
  receipt_sha256: string | null;
  receipt_media_type: string | null;
  resend_of: string | null;
  send_at: Timestamp | null;
  submitted_at: Timestamp | null;
  delivered_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface LetterEventsTable {
  id: Generated<string>;
  letter_id: string;
  organisation_id: string;
  type: string;
  status: string | null;
  reason: string | null;
  data: Json | null;
  raw_sha256: string | null;
  raw_media_type: string | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  organisation_id: string | null;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Json | null;
  created_at: CreatedAt;
  prev_hash: string | null;
  hash: string | null;
}

export interface WebhooksTable {
  id: Generated<string>;
  organisation_id: string;
  url: string;
  secret: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface PluginStateTable {
  plugin: string;
  key: string;
  value: Json;
  expires_at: Timestamp | null;
}

/** Blobs small enough to live in the database (blob/inline-blob-store.ts). */
export interface InlineBlobsTable {
  sha256: string;
  body: Buffer;
  created_at: CreatedAt;
}

export interface Database extends ArchiveDatabase {
  organisations: OrganisationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  documents: DocumentsTable;
  shipments: ShipmentsTable;
  letters: LettersTable;
  letter_events: LetterEventsTable;
  audit_log: AuditLogTable;
  webhooks: WebhooksTable;
  plugin_state: PluginStateTable;
  inline_blobs: InlineBlobsTable;
}

export type Letter = Selectable<LettersTable>;
export type NewLetter = Insertable<LettersTable>;
export type LetterUpdate = Updateable<LettersTable>;
export type Shipment = Selectable<ShipmentsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type Organisation = Selectable<OrganisationsTable>;
