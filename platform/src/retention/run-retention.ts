/**
 * @module
 * Retention (kassation): deletes archived documents whose time has come under their
 * organisation's rules, unless their record or case is on legal hold. The document row stays
 * (with `deleted_at`) as proof it existed; the letter's own copies of the same bytes (its wire
 * message, receipt, raw status answers and the uploaded document) expire with it, and the blob
 * goes when nothing else still refers to it. What was deleted is logged and audited by id, kind and count — never content or CPR.
 */
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';
import { writeAudit } from '../audit/write-audit.ts';

export interface RetentionOptions {
  /** List what would go, change nothing. */
  dryRun?: boolean;
  /** Only this organisation (the API); all organisations when absent (the daily job). */
  organisationId?: string;
  /** The time to judge by (tests); now by default. */
  now?: Date;
  /** Who runs it, for the audit log. Default `system`. */
  actor?: string;
}

export interface RetentionItem {
  documentId: string;
  organisationId: string;
  recordId: string;
  caseId: string;
  kind: string;
  bytes: number;
  /** When its time came (last activity + keep years). */
  dueAt: string;
}

export interface RetentionReport {
  dryRun: boolean;
  documents: RetentionItem[];
  countsByKind: Record<string, number>;
  /** Blobs removed (dry run: that would be removed). */
  blobsDeleted: number;
  /** Blobs kept because something else still refers to the same bytes. */
  blobsKept: number;
}

const BATCH = 500;

/**
 * Runs retention once.
 * @example const report = await runRetention(rt, { dryRun: true, organisationId });
 */
export async function runRetention(
  rt: { db: Kysely<Database>; blobs: BlobStore; logger: Logger },
  opts: RetentionOptions = {},
): Promise<RetentionReport> {
  const dryRun = opts.dryRun ?? false;
  const now = opts.now ?? new Date();
  const due = await findDue(rt.db, now, opts.organisationId);
  const countsByKind: Record<string, number> = {};
  for (const d of due) countsByKind[d.kind] = (countsByKind[d.kind] ?? 0) + 1;
  let blobsDeleted = 0;
  let blobsKept = 0;

  for (let i = 0; i < due.length; i += BATCH) {
    const batch = due.slice(i, i + BATCH);
    const ids = batch.map((d) => d.documentId);
    let shas: string[];
    if (dryRun) {
      shas = [...new Set(batch.map((d) => d.sha256))];
      const referenced = await referencedShas(rt.db, shas, ids);
      blobsKept += shas.filter((s) => referenced.has(s)).length;
      blobsDeleted += shas.filter((s) => !referenced.has(s)).length;
      continue;
    }
    shas = await rt.db.transaction().execute(async (trx) => {
      // Re-checks the hold inside the transaction: a hold placed since the scan wins.
      const deleted = await trx
        .updateTable('archive_documents as d')
        .set({ deleted_at: now })
        .where('d.id', 'in', ids)
        .where('d.deleted_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('archive_records as r')
                .innerJoin('cases as c', 'c.id', 'r.case_id')
                .select(sql`1`.as('x'))
                .whereRef('r.id', '=', 'd.record_id')
                .where((eb) => eb.or([eb('r.legal_hold', '=', true), eb('c.legal_hold', '=', true)])),
            ),
          ),
        )
        .returning(['d.id', 'd.organisation_id', 'd.kind', 'd.sha256', 'd.record_id'])
        .execute();
      await expireLetterCopies(trx, deleted, now);
      const byOrg = new Map<string, typeof deleted>();
      for (const d of deleted) byOrg.set(d.organisation_id, [...(byOrg.get(d.organisation_id) ?? []), d]);
      for (const [organisationId, docs] of byOrg) {
        const counts: Record<string, number> = {};
        for (const d of docs) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
        await writeAudit(trx, {
          organisationId,
          actor: opts.actor ?? 'system',
          action: 'retention.delete',
          subjectType: 'archive_document',
          details: { documentIds: docs.map((d) => d.id), countsByKind: counts },
        });
      }
      return [...new Set(deleted.map((d) => d.sha256))];
    });
    const referenced = await referencedShas(rt.db, shas, []);
    for (const sha of shas) {
      if (referenced.has(sha)) blobsKept++;
      else {
        await rt.blobs.delete(sha);
        blobsDeleted++;
      }
    }
  }
  if (due.length > 0)
    rt.logger.info({ dryRun, countsByKind, blobsDeleted, blobsKept, organisationId: opts.organisationId }, 'retention run');
  return { dryRun, documents: due.map(({ sha256: _s, ...rest }) => rest), countsByKind, blobsDeleted, blobsKept };
}

/**
 * The platform keeps its own references to a sent letter's bytes (proof of what was sent, the
 * upload). Once the archive's copy is deleted they must not keep the personal data alive.
 */
async function expireLetterCopies(
  trx: Kysely<Database>,
  deleted: { sha256: string; record_id: string; organisation_id: string }[],
  now: Date,
): Promise<void> {
  if (deleted.length === 0) return;
  const shas = [...new Set(deleted.map((d) => d.sha256))];
  const records = [...new Set(deleted.map((d) => d.record_id))];
  const letters = sql`(select r.letter_id from archive_records r where r.id = any(${records}::uuid[]) and r.letter_id is not null)`;
  await sql`update letters set wire_sha256 = null where wire_sha256 = any(${shas}::text[]) and id in ${letters}`.execute(trx);
  await sql`update letters set receipt_sha256 = null where receipt_sha256 = any(${shas}::text[]) and id in ${letters}`.execute(trx);
  await sql`update letter_events set raw_sha256 = null where raw_sha256 = any(${shas}::text[]) and letter_id in ${letters}`.execute(trx);
  // An uploaded document goes when no live archive copy of its bytes is left in its organisation.
  await sql`
    update documents d set deleted_at = ${now}
    where d.sha256 = any(${shas}::text[]) and d.deleted_at is null
      and d.organisation_id = any(${[...new Set(deleted.map((x) => x.organisation_id))]}::uuid[])
      and not exists (select 1 from archive_documents a where a.sha256 = d.sha256 and a.organisation_id = d.organisation_id and a.deleted_at is null)`.execute(
    trx,
  );
}

/** Documents past their time and not on hold. A kind's own rule wins over the `*` default. */
async function findDue(db: Kysely<Database>, now: Date, organisationId?: string): Promise<Array<RetentionItem & { sha256: string }>> {
  const rows = await sql<{
    id: string;
    organisation_id: string;
    record_id: string;
    case_id: string;
    kind: string;
    bytes: string | number;
    sha256: string;
    due_at: Date;
  }>`
    select d.id, d.organisation_id, d.record_id, c.id as case_id, d.kind, d.bytes, d.sha256,
           c.last_activity_at + make_interval(years => rule.keep_years) as due_at
    from archive_documents d
    join archive_records r on r.id = d.record_id
    join cases c on c.id = r.case_id
    join lateral (
      select keep_years from retention_rules rr
      where rr.organisation_id = d.organisation_id and rr.document_kind in (d.kind, '*')
      order by rr.document_kind = '*' limit 1
    ) rule on true
    where d.deleted_at is null
      and not r.legal_hold and not c.legal_hold
      and c.last_activity_at + make_interval(years => rule.keep_years) <= ${now}
      ${organisationId ? sql`and d.organisation_id = ${organisationId}` : sql``}
    order by d.organisation_id, d.id`.execute(db);
  return rows.rows.map((r) => ({
    documentId: r.id,
    organisationId: r.organisation_id,
    recordId: r.record_id,
    caseId: r.case_id,
    kind: r.kind,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    dueAt: new Date(r.due_at).toISOString(),
  }));
}

/** Which of `shas` something still refers to (live archive documents other than `except`, uploads, letters' proof, events). */
async function referencedShas(db: Kysely<Database>, shas: string[], except: string[]): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const r = await sql<{ sha: string }>`
    select s.sha from unnest(${shas}::text[]) as s(sha)
    where exists (select 1 from archive_documents a where a.sha256 = s.sha and a.deleted_at is null and a.id <> all(${except}::uuid[]))
       or exists (select 1 from documents d where d.sha256 = s.sha and d.deleted_at is null)
       or exists (select 1 from letters l where l.wire_sha256 = s.sha or l.receipt_sha256 = s.sha)
       or exists (select 1 from letter_events e where e.raw_sha256 = s.sha)`.execute(db);
  return new Set(r.rows.map((x) => x.sha));
}
