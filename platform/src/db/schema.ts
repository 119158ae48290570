/**
 * @module
 * Kysely table types. Keep in step with `migrations/`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Channel, LetterStatus } from '@brevdue/shared';
import type { ReceiptLanguage } from '@brevdue/shared/api';
import type { ArchiveDatabase } from './archive-schema.ts';
import type { InboxDatabase } from './inbox-schema.ts';

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
  /** The language of the receipt PDFs it files (one per receipt); Danish unless chosen. */
  receipt_language: Generated<ReceiptLanguage>;
  created_at: CreatedAt;
}

/** Brevdue's roles (see `auth/policy.ts` for what each may do). */
export type Role = 'sender' | 'teamlead' | 'archivist' | 'auditor' | 'admin';

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  /** Sign-in name (UPN / e-mail), unique per organisation regardless of case. */
  upn: string | null;
  name: string;
  email: string | null;
  roles: Generated<Role[]>;
  teams: Generated<string[]>;
  disabled: Generated<boolean>;
  /** The OpenID provider and its stable id of the user (Entra: `oid`), once signed in. */
  issuer: string | null;
  subject: string | null;
  last_sign_in_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface WebSessionsTable {
  /** SHA-256 of the session cookie's secret (the secret itself is never stored). */
  id_hash: string;
  user_id: string;
  organisation_id: string;
  /** The provider's ID token, as the hint for ending the session there. */
  id_token: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface PlatformSecretsTable {
  name: string;
  value: string;
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
  /** The team whose shipments a sender/teamlead token acts for. */
  team: string | null;
  expires_at: Timestamp | null;
  /** Audit actor that created it (`user:<id>`, `token:<id>`, `cli`). */
  created_by: string | null;
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
  /** `upload`, `converted` (from DOCX etc.), `email` (rendered from an e-mail), `split` (one letter of a merged PDF). */
  source: Generated<string>;
  created_by_user: string | null;
  created_by_token: string | null;
  /** The creator's team: team members and team leads see it. */
  team: string | null;
  created_at: CreatedAt;
  deleted_at: Timestamp | null;
}

export interface ShipmentsTable {
  id: Generated<string>;
  organisation_id: string;
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
  created_by_user: string | null;
  created_by_token: string | null;
  /** The creator's team: team members and team leads see it. */
  team: string | null;
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
  channel: Channel;
  provider: string;
  registration: string | null;
  status: LetterStatus;
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
  /** When the status poller last asked the provider about it (its turns; `updated_at` is for changes). */
  polled_at: Date | null;
  /** The recipient's own documents (a merge letter); null: the shipment's `mainDocument` and `attachments`. */
  own_documents: Json<OwnDocuments> | null;
  /** Why a `held` letter is held: null for a batch run awaiting review, `leak_guard` for another person's CPR. */
  hold: LetterHold | null;
  /** The letter this one is a copy of (a guardian's or a manual copy); null for an original. */
  copy_of: string | null;
  /** Why it is a copy: `guardian` (custody holder of a minor) or `manual` (named by the sender); null with `copy_of`. */
  copy_kind: CopyKind | null;
}

/** Why a letter is a copy of another. */
export type CopyKind = 'guardian' | 'manual';

/** A letter's own documents, before the shipment's shared attachments. */
export interface OwnDocuments {
  document?: string;
  attachments: string[];
}

/** Why a letter is held other than for batch-run review. */
export type LetterHold = 'leak_guard';

/** A split of a merged PDF into one document per letter (`splits/`). */
export interface SplitsTable {
  id: Generated<string>;
  organisation_id: string;
  document_id: string;
  created_by_user: string | null;
  created_by_token: string | null;
  team: string | null;
  /** The request: `{ by, pagesPerLetter?, redactCpr }`. */
  options: Json;
  status: Generated<'running' | 'done' | 'failed'>;
  progress_pages: Generated<number>;
  progress_of: Generated<number>;
  /** `[{ recipient, pages, document }]` once done. Holds CPR numbers: never log it. */
  letters: Json | null;
  unassigned_pages: Json<number[]> | null;
  /** `{ code, status, da, en }` when failed. */
  error: Json | null;
  /** Touched every few seconds while the split runs; a stale one was interrupted. */
  heartbeat_at: Generated<Date>;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
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
  /** Hash input version: 1 = before migration 006, 2 = covers the columns below (audit/write-audit.ts). */
  v: Generated<number>;
  actor_name: string | null;
  party_id_type: string | null;
  /** The party's id, masked (`maskId`): never the full CPR. */
  party: string | null;
  source_address: string | null;
  document_sha256: string | null;
}

/** Signed heads of the audit chain (audit/write-checkpoint.ts); the key is not in the database. */
export interface AuditCheckpointsTable {
  id: ColumnType<number, number | undefined, never>;
  last_id: BigInt;
  head_hash: string;
  count: BigInt;
  signed_at: Timestamp;
  signature: string;
  key_id: string;
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

export interface Database extends ArchiveDatabase, InboxDatabase {
  organisations: OrganisationsTable;
  users: UsersTable;
  web_sessions: WebSessionsTable;
  platform_secrets: PlatformSecretsTable;
  api_tokens: ApiTokensTable;
  documents: DocumentsTable;
  shipments: ShipmentsTable;
  letters: LettersTable;
  letter_events: LetterEventsTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  webhooks: WebhooksTable;
  plugin_state: PluginStateTable;
  inline_blobs: InlineBlobsTable;
  splits: SplitsTable;
}

export type Letter = Selectable<LettersTable>;
export type NewLetter = Insertable<LettersTable>;
export type LetterUpdate = Updateable<LettersTable>;
export type Shipment = Selectable<ShipmentsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type SplitRow = Selectable<SplitsTable>;
export type Organisation = Selectable<OrganisationsTable>;
