/**
 * @module
 * Every column that names a blob, in one place: the orphan sweep (blob/sweep-orphan-blobs.ts)
 * keeps a blob while any of them names it. A new column that holds a blob's SHA-256 belongs in
 * `BLOB_COLUMNS` (the test beside this file fails until it is listed or left out with a reason).
 *
 * Left out on purpose: `audit_log.document_sha256` records which bytes someone read; it is
 * evidence, not storage, and must not keep personal data alive after retention deleted it.
 * Rows marked deleted (`documents`, `archive_documents` with `deleted_at`) no longer keep their
 * blob either, as retention decides (retention/run-retention.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** `[table, column, only rows where]` for every column naming a blob. */
export const BLOB_COLUMNS = [
  ['documents', 'sha256', 'deleted_at is null'],
  ['archive_documents', 'sha256', 'deleted_at is null'],
  ['letters', 'wire_sha256', undefined],
  ['letters', 'receipt_sha256', undefined],
  ['letter_events', 'raw_sha256', undefined],
  ['inbound_messages', 'raw_sha256', undefined],
  ['inbound_messages', 'accept_sha256', undefined],
  ['inbound_documents', 'sha256', undefined],
] as const satisfies readonly (readonly [keyof Database, string, string | undefined])[];

/** Columns holding a SHA-256 that do not keep a blob (see the module comment). */
export const NOT_BLOB_COLUMNS = [['audit_log', 'document_sha256']] as const;

/**
 * Of the candidate blobs, those that no row names. The candidates go into a temporary table and
 * are checked with one anti-join per column, so each table is read once whatever their number,
 * and no column needs an index of its own (the letters' would cost every send a write).
 * @example const orphans = await unreferencedBlobs(db, listOldBlobs());
 */
export async function unreferencedBlobs(db: Kysely<Database>, candidates: AsyncIterable<string> | Iterable<string>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    // A temporary table lives with the session: the same connection throughout, emptied first.
    await sql`create temp table if not exists blob_sweep_candidates (sha text primary key)`.execute(conn);
    await sql`truncate blob_sweep_candidates`.execute(conn);
    let chunk: string[] = [];
    const flush = async () => {
      if (chunk.length > 0)
        await sql`insert into blob_sweep_candidates select unnest(${chunk}::text[]) on conflict do nothing`.execute(conn);
      chunk = [];
    };
    for await (const sha of candidates) {
      chunk.push(sha);
      if (chunk.length >= 5000) await flush();
    }
    await flush();
    await sql`analyze blob_sweep_candidates`.execute(conn);
    // Each `not exists` at the top level becomes an anti-join (one pass over its table).
    const named = BLOB_COLUMNS.map(
      ([table, column, where]) =>
        sql`not exists (select 1 from ${sql.table(table)} t where t.${sql.ref(column)} = c.sha${where ? sql.raw(` and t.${where}`) : sql``})`,
    );
    const r = await sql<{ sha: string }>`select c.sha from blob_sweep_candidates c where ${sql.join(named, sql` and `)}`.execute(conn);
    await sql`truncate blob_sweep_candidates`.execute(conn);
    return r.rows.map((x) => x.sha);
  });
}
