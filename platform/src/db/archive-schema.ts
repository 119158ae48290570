/**
 * @module
 * Kysely table types of the built-in archive (migration `002-archive`). The core `Database`
 * extends `ArchiveDatabase`, so every query on these tables is typed.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint columns may arrive as strings from pg; read them with `Number()`. */
type BigInt = ColumnType<number, number | bigint, number | bigint>;

/** `outgoing`: a letter we sent. `incoming`: post or a reply we received. */
export type ArchiveDirection = 'outgoing' | 'incoming';
/** What a document is to its record; also the default retention kind. */
export type ArchiveDocumentRole = 'letter' | 'attachment' | 'receipt' | 'provider-receipt' | 'wire-message';
export const ARCHIVE_DOCUMENT_ROLES: readonly ArchiveDocumentRole[] = [
  'letter',
  'attachment',
  'receipt',
  'provider-receipt',
  'wire-message',
];
export type ArchiveExportStatus = 'pending' | 'exported' | 'failed';

/** One case per party (CPR/CVR/FNR/ORGNR) per organisation, created on first use. */
export interface CasesTable {
  id: Generated<string>;
  organisation_id: string;
  party_type: string;
  /** Personal data (CPR): never log it. */
  party_id: string;
  party_name: string | null;
  legal_hold: Generated<boolean>;
  created_at: CreatedAt;
  last_activity_at: Timestamp;
}

/** A letter sent or received, filed in its party's case. */
export interface ArchiveRecordsTable {
  id: Generated<string>;
  organisation_id: string;
  case_id: string;
  direction: ArchiveDirection;
  /** What made the record, unique per organisation: `letter:<id>`, `inbound:<provider>:<ref>`. Makes archiving idempotent. */
  source_key: string;
  letter_id: string | null;
  subject: string;
  occurred_at: Timestamp;
  channel: string | null;
  provider: string | null;
  provider_message_id: string | null;
  status: string | null;
  /** `user:<id>`, `token:<id>` or `system`: who sent it (senders see their own records only). */
  sender_ref: string;
  sender_name: string | null;
  legal_hold: Generated<boolean>;
  created_at: CreatedAt;
}

export interface ArchiveDocumentsTable {
  id: Generated<string>;
  organisation_id: string;
  record_id: string;
  role: ArchiveDocumentRole;
  /** Retention kind (rules match on it); defaults to the role. */
  kind: string;
  sha256: string;
  filename: string;
  media_type: string;
  bytes: BigInt;
  position: Generated<number>;
  created_at: CreatedAt;
  deleted_at: Timestamp | null;
}

/** One export job per record and target. */
export interface ArchiveExportsTable {
  id: Generated<string>;
  organisation_id: string;
  record_id: string;
  target: string;
  status: Generated<ArchiveExportStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  error_code: string | null;
  external_id: string | null;
  external_case_id: string | null;
  /** Set while a worker holds the export; a crashed worker's claim runs out. */
  locked_until: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  exported_at: Timestamp | null;
}

export interface RetentionRulesTable {
  id: Generated<string>;
  organisation_id: string;
  document_kind: string;
  keep_years: number;
  /** Counting from: `last_activity` of the case (the only basis for now). */
  after: Generated<string>;
  updated_at: Timestamp;
}

export interface ArchiveDatabase {
  cases: CasesTable;
  archive_records: ArchiveRecordsTable;
  archive_documents: ArchiveDocumentsTable;
  archive_exports: ArchiveExportsTable;
  retention_rules: RetentionRulesTable;
}

export type CaseRow = Selectable<CasesTable>;
export type ArchiveRecordRow = Selectable<ArchiveRecordsTable>;
export type ArchiveDocumentRow = Selectable<ArchiveDocumentsTable>;
export type ArchiveExportRow = Selectable<ArchiveExportsTable>;
