/**
 * @module
 * Files one record (a letter sent, or post received) in its party's case, with its documents,
 * and queues its exports. Both directions go through here: `archiveLetter` for sent letters,
 * and received post or replies later with `direction: 'incoming'`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ArchiveDirection, ArchiveDocumentRole } from './archive-schema.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { createExports, enqueueExportJobs } from './archive-exports.ts';

export interface NewArchiveDocument {
  role: ArchiveDocumentRole;
  /** Retention kind; defaults to `role`. */
  kind?: string;
  sha256: string;
  filename: string;
  mediaType: string;
  bytes: number;
}

export interface NewArchiveRecord {
  organisationId: string;
  party: { idType: string; id: string; name?: string | null };
  direction: ArchiveDirection;
  /** Unique per organisation: `letter:<id>`, `inbound:<provider>:<ref>`. Filing twice files once. */
  sourceKey: string;
  letterId?: string | null;
  subject: string;
  occurredAt: Date;
  channel?: string | null;
  provider?: string | null;
  providerMessageId?: string | null;
  status?: string | null;
  /** `user:<id>`, `token:<id>` or `system`. */
  senderRef: string;
  senderName?: string | null;
  documents: NewArchiveDocument[];
}

export interface FileRecordResult {
  recordId: string;
  caseId: string;
  /** False when the record was already filed (nothing changed). */
  created: boolean;
  /** Exports queued for targets with `autoExport`. */
  exportIds: string[];
}

/** Finds or creates the party's case and notes the activity (retention counts from it). */
export async function ensureCase(trx: Kysely<Database>, organisationId: string, party: NewArchiveRecord['party'], activityAt: Date): Promise<string> {
  const row = await trx
    .insertInto('cases')
    .values({ organisation_id: organisationId, party_type: party.idType, party_id: party.id, party_name: party.name ?? null, last_activity_at: activityAt })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'party_type', 'party_id']).doUpdateSet({
        last_activity_at: sql`greatest(cases.last_activity_at, excluded.last_activity_at)`,
        party_name: sql`coalesce(excluded.party_name, cases.party_name)`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Files a record; idempotent on `sourceKey`. Run it inside the transaction that makes the
 * change final, so the record and its export jobs exist exactly when the change does.
 * @throws when the database refuses (e.g. an unknown organisation).
 */
export async function fileRecord(trx: Kysely<Database>, rt: Pick<ArchiveRuntime, 'queue' | 'archiveTargets'>, input: NewArchiveRecord): Promise<FileRecordResult> {
  const existing = await trx
    .selectFrom('archive_records')
    .select(['id', 'case_id'])
    .where('organisation_id', '=', input.organisationId)
    .where('source_key', '=', input.sourceKey)
    .executeTakeFirst();
  if (existing) return { recordId: existing.id, caseId: existing.case_id, created: false, exportIds: [] };

  const caseId = await ensureCase(trx, input.organisationId, input.party, input.occurredAt);
  const inserted = await trx
    .insertInto('archive_records')
    .values({
      organisation_id: input.organisationId,
      case_id: caseId,
      direction: input.direction,
      source_key: input.sourceKey,
      letter_id: input.letterId ?? null,
      subject: input.subject,
      occurred_at: input.occurredAt,
      channel: input.channel ?? null,
      provider: input.provider ?? null,
      provider_message_id: input.providerMessageId ?? null,
      status: input.status ?? null,
      sender_ref: input.senderRef,
      sender_name: input.senderName ?? null,
    })
    // A concurrent filing of the same source won the race: theirs stands.
    .onConflict((oc) => oc.columns(['organisation_id', 'source_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const row = await trx.selectFrom('archive_records').select(['id', 'case_id']).where('organisation_id', '=', input.organisationId).where('source_key', '=', input.sourceKey).executeTakeFirstOrThrow();
    return { recordId: row.id, caseId: row.case_id, created: false, exportIds: [] };
  }
  const recordId = inserted.id;
  if (input.documents.length > 0) {
    await trx
      .insertInto('archive_documents')
      .values(
        input.documents.map((d, i) => ({
          organisation_id: input.organisationId,
          record_id: recordId,
          role: d.role,
          kind: d.kind ?? d.role,
          sha256: d.sha256,
          filename: d.filename,
          media_type: d.mediaType,
          bytes: d.bytes,
          position: i,
        })),
      )
      .execute();
  }
  const targets = rt.archiveTargets.names().filter((n) => rt.archiveTargets.autoExport(n));
  const exportIds = await createExports(trx, input.organisationId, [recordId], targets);
  await enqueueExportJobs(trx, rt.queue, exportIds);
  await writeAudit(trx, {
    organisationId: input.organisationId,
    actor: 'system',
    action: 'archive.record.create',
    subjectType: 'archive_record',
    subjectId: recordId,
    details: { caseId, direction: input.direction, letterId: input.letterId ?? null, documents: input.documents.length, exports: exportIds.length },
  });
  return { recordId, caseId, created: true, exportIds };
}
