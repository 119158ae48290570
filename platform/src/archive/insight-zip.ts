/**
 * @module
 * Insight request (GDPR art. 15): everything the organisation's archive holds about one party,
 * as a ZIP: `index.json` (cases, records, documents, exports) and every live document under
 * `<case>/<date>_<record>/`. Built with yazl and streamed, documents read one at a time.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ZipFile } from 'yazl';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';
import { safeEntryName } from './insight-zip-entry-name.ts';
import { loadRecordDtos } from './record-dto.ts';

export interface InsightSummary {
  caseIds: string[];
  records: number;
  documents: number;
}

/**
 * Builds the insight ZIP for a party. Resolves with `null` when the organisation holds nothing about them.
 * @example const r = await buildInsightZip(db, blobs, orgId, '0101904321'); if (r) r.stream.pipe(res);
 */
export async function buildInsightZip(
  db: Kysely<Database>,
  blobs: BlobStore,
  organisationId: string,
  partyId: string,
): Promise<{ stream: Readable; summary: InsightSummary } | null> {
  const cases = await db
    .selectFrom('cases')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('party_id', '=', partyId)
    .orderBy('created_at')
    .execute();
  if (cases.length === 0) return null;
  const recordIds = (
    await db
      .selectFrom('archive_records')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(
        'case_id',
        'in',
        cases.map((c) => c.id),
      )
      .orderBy('occurred_at')
      .execute()
  ).map((r) => r.id);
  const records = await loadRecordDtos(db, organisationId, recordIds);
  const zip = new ZipFile();
  const index = {
    generatedAt: new Date().toISOString(),
    note: 'Alt arkivet indeholder om parten / everything the archive holds about the party',
    cases: cases.map((c) => ({
      id: c.id,
      party: { idType: c.party_type, id: c.party_id, name: c.party_name },
      createdAt: new Date(c.created_at).toISOString(),
      lastActivityAt: new Date(c.last_activity_at).toISOString(),
      legalHold: c.legal_hold,
    })),
    records: records.map((r) => ({
      ...r,
      documents: r.documents.map((d) => ({ ...d, href: undefined, path: d.deletedAt ? null : docPath(r, d) })),
      receipt: undefined,
    })),
  };
  zip.addBuffer(Buffer.from(JSON.stringify(index, null, 2), 'utf8'), 'index.json');
  let documents = 0;
  for (const r of records) {
    for (const d of r.documents) {
      if (d.deletedAt) continue;
      documents++;
      // Lazy: a file is opened only when the ZIP writer reaches it.
      zip.addReadStreamLazy(docPath(r, d), { size: d.bytes }, (cb) => cb(null, blobs.stream(d.sha256)));
    }
  }
  zip.end();
  return { stream: zip.outputStream as Readable, summary: { caseIds: cases.map((c) => c.id), records: records.length, documents } };
}

function docPath(r: { caseId: string; occurredAt: string; id: string }, d: { id: string; role: string; filename: string }): string {
  return `${r.caseId}/${r.occurredAt.slice(0, 10)}_${r.id}/${d.role}_${d.id.slice(0, 8)}_${safeEntryName(d.filename)}`;
}
