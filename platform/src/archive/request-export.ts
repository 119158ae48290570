/**
 * @module
 * An archivist's export request: every record of a case, or of a date range, to one target or
 * all. Records already exported stay as they are; failed ones are tried again; a target that
 * files only some party types (LUDUS: pupils) gets only their records.
 */
import { writeAudit } from '../audit/write-audit.ts';
import { ApiError } from '../http/api-error.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { createExports, enqueueExportJobs, exportTargets } from './archive-exports.ts';
import { archiveMessages as M } from './messages.ts';

export type ExportRequest = { caseId: string; target?: string } | { from: Date; to: Date; target?: string };

export interface ExportRequestResult {
  /** Records in scope. */
  records: number;
  /** Exports now pending (new or failed before), each with a job queued. */
  queued: number;
  targets: string[];
}

/**
 * Queues exports for a case or a date range (`from` inclusive, `to` exclusive).
 * @example await requestExport(rt, orgId, { from: new Date('2025-01-01'), to: new Date('2025-02-01'), target: 'ludus' })
 * @throws ApiError 400 for an unknown target or a missing scope, 404 for a case of another organisation.
 */
export async function requestExport(
  rt: ArchiveRuntime,
  organisationId: string,
  request: ExportRequest,
  actor = 'cli',
): Promise<ExportRequestResult> {
  const known = rt.archiveTargets.names();
  if (request.target !== undefined && !known.includes(request.target))
    throw new ApiError(400, 'unknown_target', M.unknownTarget(request.target, known), { field: 'target' });
  const targets = request.target !== undefined ? [request.target] : known;
  if (targets.length === 0) throw new ApiError(400, 'unknown_target', M.unknownTarget('', known), { field: 'target' });

  return rt.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('archive_records').select('id').where('organisation_id', '=', organisationId);
    if ('caseId' in request) {
      const found = await trx
        .selectFrom('cases')
        .select(['id', 'party_type'])
        .where('id', '=', request.caseId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (!found) throw new ApiError(404, 'not_found', `${M.caseNotFound} findes ikke / case not found`);
      const takes = request.target !== undefined ? rt.archiveTargets.get(request.target)?.partyTypes : undefined;
      if (takes && !takes.some((t) => t === found.party_type))
        throw new ApiError(400, 'party_not_taken', M.partyNotTaken(request.target!, found.party_type, takes), { field: 'target' });
      q = q.where('case_id', '=', request.caseId);
    } else {
      if (!(request.from < request.to)) throw new ApiError(400, 'invalid_request', M.exportScope, { field: 'to' });
      q = q.where('occurred_at', '>=', request.from).where('occurred_at', '<', request.to);
    }
    const ids = (await q.execute()).map((r) => r.id);
    const pending = (await createExports(trx, organisationId, ids, exportTargets(rt.archiveTargets, targets))).map((e) => e.id);
    await enqueueExportJobs(trx, rt.queue, pending);
    await writeAudit(trx, {
      organisationId,
      actor,
      action: 'archive.export.request',
      details: {
        ...('caseId' in request ? { caseId: request.caseId } : { from: request.from.toISOString(), to: request.to.toISOString() }),
        targets,
        records: ids.length,
        queued: pending.length,
      },
    });
    return { records: ids.length, queued: pending.length, targets };
  });
}
