/**
 * @module
 * Walks the audit log in order and reports the first broken link: a changed row (its hash no
 * longer matches its content), a deleted or reordered row (its `prev_hash` is not the hash of
 * the row before it). Used by `GET /v1/archive/audit/verify` and `brevdue audit verify`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { auditHash, auditHashInput } from './write-audit.ts';

export type AuditBreak =
  /** The row's content no longer gives its stored hash: it was changed. */
  | 'changed'
  /** The row does not point at the row before it: a row was deleted, inserted or reordered. */
  | 'unlinked';

export interface AuditVerifyResult {
  ok: boolean;
  /** Rows checked (up to and including the broken one); with `organisationId`, that organisation's rows only. */
  checked: number;
  /** Hash of the last row, to note down: a later run that ends elsewhere shows truncation. */
  lastHash: string | null;
  brokenAt?: { id: number; organisationId: string | null; reason: AuditBreak; message: string };
}

const BATCH = 5000;

/**
 * Verifies the whole chain, reading it in batches (memory stays flat on long logs). The chain
 * links every organisation's entries; with `opts.organisationId` the count is of that
 * organisation's entries (what its auditor may know of).
 * @example const r = await verifyAuditChain(db); if (!r.ok) console.log(r.brokenAt);
 */
export async function verifyAuditChain(db: Kysely<Database>, opts: { organisationId?: string } = {}): Promise<AuditVerifyResult> {
  let prevHash: string | null = null;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', String(lastId)).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (opts.organisationId === undefined || row.organisation_id === opts.organisationId) checked++;
      const id = Number(row.id);
      const brokenAt = (reason: AuditBreak, message: string) => ({ ok: false, checked, lastHash: prevHash, brokenAt: { id, organisationId: row.organisation_id, reason, message } });
      if (row.prev_hash !== prevHash) {
        return brokenAt('unlinked', `audit entry ${id} does not follow the entry before it (deleted, inserted or reordered entry) / auditpost ${id} følger ikke den forrige`);
      }
      const expected = auditHash(auditHashInput({ ...row, created_at: new Date(row.created_at) }));
      if (row.hash !== expected) {
        return brokenAt('changed', `audit entry ${id} was changed after it was written / auditpost ${id} er ændret efter den blev skrevet`);
      }
      prevHash = row.hash;
      lastId = id;
    }
  }
  return { ok: true, checked, lastHash: prevHash };
}
