/**
 * @module
 * The JSON shape of archive records, documents and cases in the API and the CLI.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { maskId } from '@brevdue/shared';

export interface ArchiveDocumentDto {
  id: string;
  role: string;
  kind: string;
  filename: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  /** When retention deleted the content (the row stays as proof it existed). */
  deletedAt: string | null;
  /** Download link, relative to the archive API (`/v1/archive`); null once deleted. */
  href: string | null;
}

export interface ArchiveRecordDto {
  id: string;
  caseId: string;
  direction: string;
  letterId: string | null;
  subject: string;
  occurredAt: string;
  channel: string | null;
  provider: string | null;
  providerMessageId: string | null;
  status: string | null;
  sender: { ref: string; name: string | null };
  party: { idType: string; id: string; masked: string; name: string | null };
  /** On hold, by its own hold or its case's. */
  legalHold: boolean;
  /** Its own hold (its case's aside). */
  recordHold: boolean;
  documents: ArchiveDocumentDto[];
  /** The platform's receipt PDF (also among `documents`). */
  receipt: ArchiveDocumentDto | null;
  exports: Array<{ target: string; status: string; lastError: string | null; exportedAt: string | null }>;
}

/** Base path the download links are relative to. */
export const ARCHIVE_API_BASE = '/v1/archive';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Loads records by id (in the given order), with documents and export status; ids of other organisations are left out. */
export async function loadRecordDtos(db: Kysely<Database>, organisationId: string, ids: string[]): Promise<ArchiveRecordDto[]> {
  if (ids.length === 0) return [];
  const [records, docs, exports] = await Promise.all([
    db
      .selectFrom('archive_records as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .selectAll('r')
      .select(['c.party_type', 'c.party_id', 'c.party_name', 'c.legal_hold as case_hold'])
      .where('r.organisation_id', '=', organisationId)
      .where('r.id', 'in', ids)
      .execute(),
    db
      .selectFrom('archive_documents')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('record_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('archive_exports')
      .select(['record_id', 'target', 'status', 'last_error', 'exported_at'])
      .where('organisation_id', '=', organisationId)
      .where('record_id', 'in', ids)
      .orderBy('target')
      .execute(),
  ]);
  const byId = new Map(records.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const documents = docs
      .filter((d) => d.record_id === id)
      .map((d): ArchiveDocumentDto => ({
        id: d.id,
        role: d.role,
        kind: d.kind,
        filename: d.filename,
        mediaType: d.media_type,
        bytes: Number(d.bytes),
        sha256: d.sha256,
        deletedAt: iso(d.deleted_at),
        href: d.deleted_at ? null : `${ARCHIVE_API_BASE}/documents/${d.id}/content`,
      }));
    return [
      {
        id: r.id,
        caseId: r.case_id,
        direction: r.direction,
        letterId: r.letter_id,
        subject: r.subject,
        occurredAt: new Date(r.occurred_at).toISOString(),
        channel: r.channel,
        provider: r.provider,
        providerMessageId: r.provider_message_id,
        status: r.status,
        sender: { ref: r.sender_ref, name: r.sender_name },
        party: { idType: r.party_type, id: r.party_id, masked: maskId(r.party_type, r.party_id), name: r.party_name },
        legalHold: r.legal_hold || r.case_hold,
        recordHold: r.legal_hold,
        documents,
        receipt: documents.find((d) => d.role === 'receipt') ?? null,
        exports: exports
          .filter((e) => e.record_id === id)
          .map((e) => ({ target: e.target, status: e.status, lastError: e.last_error, exportedAt: iso(e.exported_at) })),
      },
    ];
  });
}
