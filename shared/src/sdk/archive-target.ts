/**
 * @module
 * The archive-target contract: a plugin that files archived letters and their receipts in a
 * records system (ESDH such as GetOrganized or SBSYS, LUDUS, a folder drop).
 */
import type { Readable } from 'node:stream';
import type { IdType } from '../domain/recipient.ts';

/** Danish names of the document roles, for titles in records systems. */
export const ARCHIVE_ROLE_LABELS: Readonly<Record<ArchiveDocument['role'], string>> = {
  letter: 'brev',
  attachment: 'bilag',
  receipt: 'kvittering',
  'provider-receipt': 'leverandørkvittering',
  'wire-message': 'forsendelse',
};

/** A document of an archive record. */
export interface ArchiveDocument {
  /** `letter` is the main document, `receipt` the platform's receipt PDF, `provider-receipt` the remote's raw answer. */
  role: 'letter' | 'attachment' | 'receipt' | 'provider-receipt' | 'wire-message';
  filename: string;
  mediaType: string;
  sha256: string;
  bytes: number;
  read(): Promise<Buffer>;
  stream(): Readable;
}

/** One archive record to export: a letter (sent or received) with its documents. */
export interface ArchiveExportItem {
  /** Stable id of the archive record; the idempotency key of the export. */
  recordId: string;
  organisation: { id: string; name: string; cvr?: string };
  /** The party whose case this is. */
  party: { idType: IdType; id: string; name?: string };
  /** The built-in archive's case id for this party. */
  caseId: string;
  direction: 'outgoing' | 'incoming';
  letterId?: string;
  subject: string;
  /** When it was sent or received. */
  occurredAt: Date;
  channel?: string;
  provider?: string;
  providerMessageId?: string;
  status?: string;
  documents: ArchiveDocument[];
}

/** Where the record ended up in the target. */
export interface ExportResult {
  /** The target's id of the filed document (or folder). */
  externalId: string;
  /** The target's case id, when it has cases. */
  externalCaseId?: string;
  /** True when the record was already there (a retry found it) and nothing new was made. */
  alreadyExported: boolean;
}

export interface ArchiveTarget {
  /**
   * The parties this target files, when not every kind (LUDUS: pupils, by CPR). Records of
   * other parties are never queued for it, automatically or on request.
   */
  readonly partyTypes?: readonly IdType[];
  /**
   * Files one record in the target. MUST be idempotent on `item.recordId`: a retry after a
   * crash must find what an earlier attempt made and never create a second copy. Throw
   * `ArchiveError` — `transient` to retry with back-off, `permanent` to mark the export failed.
   */
  export(item: ArchiveExportItem): Promise<ExportResult>;
  close?(): Promise<void>;
}
