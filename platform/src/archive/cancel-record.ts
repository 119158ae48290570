/**
 * @module
 * A failed letter is filed with status `failed`; when a person then cancels it (POST
 * /v1/letters/{id}/cancel), its records – the recipient's and a copy's in the original
 * recipient's case – say `cancelled`, so the case shows the decision. The documents and the
 * receipt PDF stay as filed (they prove the failed attempt); the change is audited.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeAudits } from '../audit/write-audit.ts';

/** Marks the records of the cancelled letters `cancelled` (those already marked are left alone). */
export async function markRecordsCancelled(
  trx: Kysely<Database>,
  letters: readonly { id: string; organisation_id: string }[],
): Promise<void> {
  if (letters.length === 0) return;
  const keys = letters.flatMap((l) => [`letter:${l.id}`, `letter:${l.id}:copy-case`]);
  const orgs = letters.flatMap((l) => [l.organisation_id, l.organisation_id]);
  // The old status from the locked row, for the audit entry (UPDATE ... RETURNING gives the new one).
  const { rows } = await sql<{ id: string; organisation_id: string; letter_id: string | null; case_id: string; old_status: string | null }>`
    with old as (
      select r.id, r.status from archive_records r
      join unnest(${orgs}::uuid[], ${keys}::text[]) as k(org, key) on r.organisation_id = k.org and r.source_key = k.key
      where r.status is distinct from 'cancelled'
      for update of r
    )
    update archive_records r set status = 'cancelled'
    from old where r.id = old.id
    returning r.id, r.organisation_id, r.letter_id, r.case_id, old.status as old_status`.execute(trx);
  await writeAudits(
    trx,
    rows.map((r) => ({
      organisationId: r.organisation_id,
      actor: 'system',
      action: 'archive.record.status',
      subjectType: 'archive_record',
      subjectId: r.id,
      details: { caseId: r.case_id, letterId: r.letter_id, from: r.old_status, to: 'cancelled' },
    })),
  );
}
