/**
 * @module
 * Files one record (a letter sent, or post received) in its party's case, with its documents,
 * and queues its exports. Both directions go through here: `archiveLetter` for sent letters,
 * and received post or replies later with `direction: 'incoming'`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeAudits } from '../audit/write-audit.ts';
import type { ArchiveDirection, ArchiveDocumentRole } from '../db/archive-schema.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { createExports, enqueueExportJobs, exportTargets } from './archive-exports.ts';

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
export async function ensureCase(
  trx: Kysely<Database>,
  organisationId: string,
  party: NewArchiveRecord['party'],
  activityAt: Date,
): Promise<string> {
  return (await ensureCases(trx, [{ organisationId, party, activityAt }]))[0]!;
}

/** `ensureCase` for many parties in one statement; ids in the order given. */
async function ensureCases(
  trx: Kysely<Database>,
  items: { organisationId: string; party: NewArchiveRecord['party']; activityAt: Date }[],
): Promise<string[]> {
  // One row per case: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
  const keyOf = (i: (typeof items)[number]) => `${i.organisationId}|${i.party.idType}|${i.party.id}`;
  const merged = new Map<
    string,
    { organisation_id: string; party_type: string; party_id: string; party_name: string | null; last_activity_at: string }
  >();
  for (const i of items) {
    const k = keyOf(i);
    const m = merged.get(k);
    const at = i.activityAt.toISOString();
    if (!m)
      merged.set(k, {
        organisation_id: i.organisationId,
        party_type: i.party.idType,
        party_id: i.party.id,
        party_name: i.party.name ?? null,
        last_activity_at: at,
      });
    else {
      if (at > m.last_activity_at) m.last_activity_at = at;
      m.party_name = i.party.name ?? m.party_name;
    }
  }
  const { rows } = await sql<{ id: string; organisation_id: string; party_type: string; party_id: string }>`
    insert into cases (organisation_id, party_type, party_id, party_name, last_activity_at)
    select v.organisation_id, v.party_type, v.party_id, v.party_name, v.last_activity_at
    from jsonb_to_recordset(${JSON.stringify([...merged.values()])}::jsonb)
      as v(organisation_id uuid, party_type text, party_id text, party_name text, last_activity_at timestamptz)
    on conflict (organisation_id, party_type, party_id) do update set
      last_activity_at = greatest(cases.last_activity_at, excluded.last_activity_at),
      party_name = coalesce(excluded.party_name, cases.party_name)
    returning id, organisation_id, party_type, party_id`.execute(trx);
  const ids = new Map(rows.map((r) => [`${r.organisation_id}|${r.party_type}|${r.party_id}`, r.id]));
  return items.map((i) => ids.get(keyOf(i))!);
}

/**
 * Files a record; idempotent on `sourceKey`. Run it inside the transaction that makes the
 * change final, so the record and its export jobs exist exactly when the change does.
 * @throws when the database refuses (e.g. an unknown organisation).
 */
export async function fileRecord(
  trx: Kysely<Database>,
  rt: Pick<ArchiveRuntime, 'queue' | 'archiveTargets'>,
  input: NewArchiveRecord,
): Promise<FileRecordResult> {
  return (await fileRecords(trx, rt, [input]))[0]!;
}

/**
 * `fileRecord` for many records with a fixed number of statements, whatever their number:
 * the archive worker files a batch of letters per transaction. Results in the order given.
 */
export async function fileRecords(
  trx: Kysely<Database>,
  rt: Pick<ArchiveRuntime, 'queue' | 'archiveTargets'>,
  inputs: NewArchiveRecord[],
): Promise<FileRecordResult[]> {
  if (inputs.length === 0) return [];
  const keyOf = (orgId: string, sourceKey: string) => `${orgId}|${sourceKey}`;
  const filed = async (pending: NewArchiveRecord[]) => {
    const { rows } = await sql<{ id: string; case_id: string; organisation_id: string; source_key: string }>`
      select r.id, r.case_id, r.organisation_id, r.source_key from archive_records r
      join unnest(${pending.map((i) => i.organisationId)}::uuid[], ${pending.map((i) => i.sourceKey)}::text[]) as k(org, key)
        on r.organisation_id = k.org and r.source_key = k.key`.execute(trx);
    return new Map(rows.map((r) => [keyOf(r.organisation_id, r.source_key), r]));
  };
  const existing = await filed(inputs);
  // The same source twice in one batch is filed once.
  const fresh = [
    ...new Map(
      inputs.filter((i) => !existing.has(keyOf(i.organisationId, i.sourceKey))).map((i) => [keyOf(i.organisationId, i.sourceKey), i]),
    ).values(),
  ];
  const results = new Map<string, FileRecordResult>();
  for (const [k, r] of existing) results.set(k, { recordId: r.id, caseId: r.case_id, created: false, exportIds: [] });

  if (fresh.length > 0) {
    const caseIds = await ensureCases(
      trx,
      fresh.map((i) => ({ organisationId: i.organisationId, party: i.party, activityAt: i.occurredAt })),
    );
    const inserted = await trx
      .insertInto('archive_records')
      .values(
        fresh.map((input, n) => ({
          organisation_id: input.organisationId,
          case_id: caseIds[n]!,
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
        })),
      )
      // A concurrent filing of the same source won the race: theirs stands.
      .onConflict((oc) => oc.columns(['organisation_id', 'source_key']).doNothing())
      .returning(['id', 'case_id', 'organisation_id', 'source_key'])
      .execute();
    const mine = new Map(inserted.map((r) => [keyOf(r.organisation_id, r.source_key), r]));
    const lost = fresh.filter((i) => !mine.has(keyOf(i.organisationId, i.sourceKey)));
    if (lost.length > 0)
      for (const [k, r] of await filed(lost)) results.set(k, { recordId: r.id, caseId: r.case_id, created: false, exportIds: [] });
    const created = fresh.filter((i) => mine.has(keyOf(i.organisationId, i.sourceKey)));

    const documents = created.flatMap((input) => {
      const recordId = mine.get(keyOf(input.organisationId, input.sourceKey))!.id;
      return input.documents.map((d, position) => ({
        organisation_id: input.organisationId,
        record_id: recordId,
        role: d.role,
        kind: d.kind ?? d.role,
        sha256: d.sha256,
        filename: d.filename,
        media_type: d.mediaType,
        bytes: d.bytes,
        position,
      }));
    });
    for (let i = 0; i < documents.length; i += 5000)
      await trx
        .insertInto('archive_documents')
        .values(documents.slice(i, i + 5000))
        .execute();

    const targets = exportTargets(
      rt.archiveTargets,
      rt.archiveTargets.names().filter((n) => rt.archiveTargets.autoExport(n)),
    );
    const exportsOf = new Map<string, string[]>();
    for (const orgId of new Set(created.map((i) => i.organisationId))) {
      const recordIds = created.filter((i) => i.organisationId === orgId).map((i) => mine.get(keyOf(orgId, i.sourceKey))!.id);
      const pending = await createExports(trx, orgId, recordIds, targets);
      await enqueueExportJobs(
        trx,
        rt.queue,
        pending.map((e) => e.id),
      );
      for (const e of pending) exportsOf.set(e.recordId, [...(exportsOf.get(e.recordId) ?? []), e.id]);
    }
    await writeAudits(
      trx,
      created.map((input) => {
        const r = mine.get(keyOf(input.organisationId, input.sourceKey))!;
        return {
          organisationId: input.organisationId,
          actor: 'system',
          action: 'archive.record.create',
          subjectType: 'archive_record',
          subjectId: r.id,
          details: {
            caseId: r.case_id,
            direction: input.direction,
            letterId: input.letterId ?? null,
            documents: input.documents.length,
            exports: exportsOf.get(r.id)?.length ?? 0,
          },
        };
      }),
    );
    for (const input of created) {
      const r = mine.get(keyOf(input.organisationId, input.sourceKey))!;
      results.set(keyOf(input.organisationId, input.sourceKey), {
        recordId: r.id,
        caseId: r.case_id,
        created: true,
        exportIds: exportsOf.get(r.id) ?? [],
      });
    }
  }
  // A source given twice in the batch: the first is the filing, the repeat finds it filed.
  const seen = new Set<string>();
  return inputs.map((i) => {
    const k = keyOf(i.organisationId, i.sourceKey);
    const r = results.get(k)!;
    if (seen.has(k)) return { ...r, created: false, exportIds: [] };
    seen.add(k);
    return r;
  });
}
