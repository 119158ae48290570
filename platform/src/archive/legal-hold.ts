/**
 * @module
 * Legal hold: a case or record on hold is never deleted by retention. Placing and lifting are
 * audited with the reason (the audit log is the hold's history).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeAudit } from '../audit/write-audit.ts';

/**
 * Places (`hold: true`) or lifts a hold on a case or a record of the organisation.
 * @returns false when no such case/record exists in the organisation.
 */
export async function setLegalHold(
  db: Kysely<Database>,
  organisationId: string,
  on: { caseId: string } | { recordId: string },
  hold: boolean,
  reason: string,
  actor: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const [table, id] = 'caseId' in on ? (['cases', on.caseId] as const) : (['archive_records', on.recordId] as const);
    const r = await trx
      .updateTable(table)
      .set({ legal_hold: hold })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await writeAudit(trx, {
      organisationId,
      actor,
      action: hold ? 'archive.legal_hold.place' : 'archive.legal_hold.lift',
      subjectType: table === 'cases' ? 'case' : 'archive_record',
      subjectId: id,
      details: { reason },
    });
    return true;
  });
}
