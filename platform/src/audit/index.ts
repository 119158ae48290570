/**
 * @module
 * The audit log: writing entries, signed checkpoints, verifying, searching and exporting.
 */
export { writeAudit, writeAudits, auditHash, auditHashInput, AUDIT_HASH_VERSION, AUDIT_LOCK, type AuditEntry } from './write-audit.ts';
export { writeCheckpointIfDue, checkpointMessage, type AuditCheckpoint, type CheckpointOptions } from './write-checkpoint.ts';
export { registerAuditCheckpointSchedule, AUDIT_CHECKPOINT_QUEUE, type AuditCheckpointSchedule } from './audit-checkpoint-schedule.ts';
export {
  verifyAuditChain,
  auditResultForOrganisation,
  type AuditVerifyResult,
  type AuditProblem,
  type AuditBreak,
  type VerifyOptions,
} from './verify-audit-chain.ts';
export { searchAudit, partyForms, AUDIT_MAX_PAGE_SIZE, type AuditQuery, type AuditItem, type AuditPage } from './search-audit.ts';
export { auditCsv, csvCell, csvRow } from './audit-csv.ts';
export { auditRoutes } from './audit-routes.ts';
export { auditConfigSchema, type AuditConfig } from './audit-config.ts';
export {
  loadAuditSigningKey,
  loadAuditPublicKey,
  auditVerifyKeys,
  auditKeyId,
  AUDIT_KEY_ENV,
  type AuditSigningKey,
  type AuditVerifyKeys,
} from './audit-signing-key.ts';
export { AuditError, AuditInputError } from './audit-error.ts';
export { auditMessages, localeOf as auditLocaleOf, type Locale as AuditLocale } from './messages.ts';
