/**
 * @module
 * What the platform (app assembly, workers, CLI) uses of the built-in archive.
 */
export { archiveRoutes } from './archive-routes.ts';
export { archiveLetter, archiveLetters, type ArchiveLetterResult } from './archive-letter.ts';
export {
  fileRecord,
  fileRecords,
  ensureCase,
  type NewArchiveRecord,
  type NewArchiveDocument,
  type FileRecordResult,
} from './file-record.ts';
export { registerArchiveWorkers, resumePendingExports, type ArchiveWorkerOptions } from './archive-workers.ts';
export {
  ARCHIVE_EXPORT_QUEUE,
  ARCHIVE_EXPORT_QUEUE_OPTIONS,
  ensureArchiveQueue,
  createExports,
  enqueueExportJobs,
} from './archive-exports.ts';
export { runExport, buildExportItem, type RunExportOutcome } from './run-export.ts';
export { requestExport, type ExportRequest, type ExportRequestResult } from './request-export.ts';
export { searchArchive, TOTAL_CAP, type ArchiveQuery, type ArchiveScope, type ArchivePage } from './search-archive.ts';
export { setLegalHold } from './legal-hold.ts';
export { buildInsightZip } from './insight-zip.ts';
export { renderReceiptPdf, type ReceiptData } from './receipt-pdf.ts';
export { type ArchiveRuntime, type ArchiveTargets, archiveTargetsFrom, archiveTargetsFromHost } from './archive-runtime.ts';
export type { ArchiveDatabase } from '../db/archive-schema.ts';
export { verifyAuditChain, type AuditVerifyResult } from '../audit/verify-audit-chain.ts';
export { runRetention, type RetentionOptions, type RetentionReport } from '../retention/run-retention.ts';
export { registerRetentionSchedule, RETENTION_QUEUE } from '../retention/retention-schedule.ts';
export { getRetentionRules, setRetentionRules, type RetentionRule } from '../retention/retention-rules.ts';

import type { ArchiveRuntime } from './archive-runtime.ts';
import { type ArchivePage, type ArchiveQuery, searchArchive } from './search-archive.ts';

/**
 * The CLI's search (`brevdue archive search`): the whole archive of one organisation, as an
 * archivist sees it.
 * @example await searchArchiveForOrganisation(rt, orgId, { party: '0101904321' })
 */
export function searchArchiveForOrganisation(
  rt: Pick<ArchiveRuntime, 'db'>,
  organisationId: string,
  query: ArchiveQuery,
): Promise<ArchivePage> {
  return searchArchive(rt.db, { organisationId }, query);
}
