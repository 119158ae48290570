/**
 * @module
 * Runs one export: claims its row, hands the record to the target, and records the outcome.
 * The target's `export` is idempotent on the record id, and an exported row is never sent
 * again, so a retry after a crash finds what the first attempt made instead of filing twice.
 */
import { sql } from 'kysely';
import { ArchiveError, type ArchiveExportItem, type IdType } from '@brevdue/shared';
import { writeAudit } from '../audit/write-audit.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { ARCHIVE_EXPORT_QUEUE_OPTIONS } from './archive-exports.ts';

export type RunExportOutcome =
  | { outcome: 'exported'; externalId: string; alreadyExported: boolean }
  | { outcome: 'skipped'; reason: 'already-exported' | 'not-found' }
  | { outcome: 'failed'; reason: string }
  /** A transient failure with retries left: the caller throws so pg-boss retries. */
  | { outcome: 'retry'; reason: string };

/** Thrown so the job is retried later: another worker holds the export right now. */
export class ExportBusyError extends Error {
  constructor(exportId: string) {
    super(`export ${exportId} is being worked on by another worker; retrying later`);
    this.name = 'ExportBusyError';
  }
}

/**
 * Exports one record to one target.
 * @param attempt `final` when pg-boss will not retry after this attempt (a transient failure then fails the export).
 */
export async function runExport(
  rt: ArchiveRuntime,
  exportId: string,
  attempt: { final: boolean } = { final: false },
): Promise<RunExportOutcome> {
  const claim = await rt.db
    .updateTable('archive_exports')
    .set({
      locked_until: sql`now() + make_interval(secs => ${ARCHIVE_EXPORT_QUEUE_OPTIONS.expireInSeconds})`,
      attempts: sql`attempts + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', exportId)
    .where('status', '<>', 'exported')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
    .returningAll()
    .executeTakeFirst();
  if (!claim) {
    const row = await rt.db.selectFrom('archive_exports').select('status').where('id', '=', exportId).executeTakeFirst();
    if (!row) return { outcome: 'skipped', reason: 'not-found' };
    if (row.status === 'exported') return { outcome: 'skipped', reason: 'already-exported' };
    throw new ExportBusyError(exportId);
  }

  const finish = async (status: 'pending' | 'failed', error: { code: string; message: string }) => {
    await rt.db
      .updateTable('archive_exports')
      .set({ status, last_error: error.message, error_code: error.code, locked_until: null, updated_at: sql`now()` })
      .where('id', '=', exportId)
      .execute();
  };

  const target = rt.archiveTargets.get(claim.target);
  if (!target) {
    const message = `arkivsystemet "${claim.target}" er ikke konfigureret / archive target "${claim.target}" is not configured: add it to plugins in the config, then export again`;
    await finish('failed', { code: 'TARGET_NOT_CONFIGURED', message });
    return { outcome: 'failed', reason: message };
  }

  let item: ArchiveExportItem;
  try {
    item = await buildExportItem(rt, claim.record_id);
  } catch (e) {
    const message = `kunne ikke samle arkivposten / could not assemble the record: ${(e as Error).message}`;
    await finish(attempt.final ? 'failed' : 'pending', { code: 'ASSEMBLY_FAILED', message });
    return attempt.final ? { outcome: 'failed', reason: message } : { outcome: 'retry', reason: message };
  }

  try {
    const result = await target.export(item);
    await rt.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('archive_exports')
        .set({
          status: 'exported',
          external_id: result.externalId,
          external_case_id: result.externalCaseId ?? null,
          exported_at: sql`now()`,
          last_error: null,
          error_code: null,
          locked_until: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', exportId)
        .execute();
      await writeAudit(trx, {
        organisationId: claim.organisation_id,
        actor: 'system',
        action: 'archive.export',
        subjectType: 'archive_record',
        subjectId: claim.record_id,
        details: { exportId, target: claim.target, externalId: result.externalId, alreadyExported: result.alreadyExported },
      });
    });
    rt.logger.info(
      { exportId, recordId: claim.record_id, target: claim.target, alreadyExported: result.alreadyExported },
      'archive record exported',
    );
    return { outcome: 'exported', externalId: result.externalId, alreadyExported: result.alreadyExported };
  } catch (e) {
    const permanent = e instanceof ArchiveError && e.kind === 'permanent';
    const code = e instanceof ArchiveError ? e.code : 'EXPORT_ERROR';
    const message = (e as Error).message;
    const final = permanent || attempt.final;
    await finish(final ? 'failed' : 'pending', { code, message });
    rt.logger.warn({ exportId, recordId: claim.record_id, target: claim.target, code, final }, 'archive export failed');
    return final ? { outcome: 'failed', reason: message } : { outcome: 'retry', reason: message };
  }
}

/** Assembles what a target receives: the record, its case's party and its live documents. */
export async function buildExportItem(rt: Pick<ArchiveRuntime, 'db' | 'blobs'>, recordId: string): Promise<ArchiveExportItem> {
  const r = await rt.db
    .selectFrom('archive_records as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.id',
      'r.case_id',
      'r.direction',
      'r.letter_id',
      'r.subject',
      'r.occurred_at',
      'r.channel',
      'r.provider',
      'r.provider_message_id',
      'r.status',
      'c.party_type',
      'c.party_id',
      'c.party_name',
      'o.id as org_id',
      'o.name as org_name',
      'o.cvr as org_cvr',
    ])
    .where('r.id', '=', recordId)
    .executeTakeFirstOrThrow();
  const docs = await rt.db
    .selectFrom('archive_documents')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .execute();
  return {
    recordId: r.id,
    organisation: { id: r.org_id, name: r.org_name, ...(r.org_cvr ? { cvr: r.org_cvr } : {}) },
    party: { idType: r.party_type as IdType, id: r.party_id, ...(r.party_name ? { name: r.party_name } : {}) },
    caseId: r.case_id,
    direction: r.direction,
    ...(r.letter_id ? { letterId: r.letter_id } : {}),
    subject: r.subject,
    occurredAt: new Date(r.occurred_at),
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.provider ? { provider: r.provider } : {}),
    ...(r.provider_message_id ? { providerMessageId: r.provider_message_id } : {}),
    ...(r.status ? { status: r.status } : {}),
    documents: docs.map((d) => ({
      role: d.role,
      filename: d.filename,
      mediaType: d.media_type,
      sha256: d.sha256,
      bytes: Number(d.bytes),
      read: () => rt.blobs.read(d.sha256),
      stream: () => rt.blobs.stream(d.sha256),
    })),
  };
}
