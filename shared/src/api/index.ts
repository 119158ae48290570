/**
 * @module
 * The API's request and answer shapes (zod), used by the platform's routes (and so its OpenAPI
 * document) and by the task panes and pages that call it.
 */
export { apiErrorSchema, type ApiErrorBody } from './error-schema.ts';
export {
  COPY_KINDS,
  letterChangeSchema,
  letterEventSchema,
  letterSchema,
  recipientViewSchema,
  type CopyKind,
  type LetterChangeEvent,
  type LetterEventView,
  type LetterView,
} from './letter-schemas.ts';
export {
  previewCopySchema,
  previewSchema,
  shipmentListSchema,
  shipmentSchema,
  shipmentSummarySchema,
  type PreviewCopy,
  type ShipmentList,
  type ShipmentPreview,
  type ShipmentSummary,
  type ShipmentView,
} from './shipment-schemas.ts';
export {
  documentSchema,
  emailDocumentRequestSchema,
  emailDocumentsSchema,
  foundRecipientsSchema,
  type DocumentView,
  type EmailAddress,
  type EmailDocumentRequest,
  type EmailDocuments,
  type FoundRecipients,
} from './document-schemas.ts';
export { productionUnitsSchema, recipientLookupSchema, type ProductionUnits, type RecipientLookup } from './recipient-schemas.ts';
export { splitRequestSchema, splitSchema, type SplitRequest, type SplitRequestInput, type SplitView } from './split-schemas.ts';
export {
  auditEntrySchema,
  auditPageSchema,
  auditVerifySchema,
  type AuditEntry,
  type AuditPage,
  type AuditVerifyResult,
} from './audit-schemas.ts';
export {
  archiveCaseSchema,
  archiveDocumentSchema,
  archiveExportPageSchema,
  archiveExportQueuedSchema,
  archiveExportRowSchema,
  archiveRecordPageSchema,
  archiveRecordSchema,
  archiveTargetsSchema,
  legalHoldAnswerSchema,
  retentionReportSchema,
  retentionRulesSchema,
  archiveSettingsSchema,
  RECEIPT_LANGUAGES,
  type ArchiveCase,
  type ArchiveDocument,
  type ArchiveExportPage,
  type ArchiveExportQueued,
  type ArchiveExportRow,
  type ArchiveRecord,
  type ArchiveRecordPage,
  type ArchiveTargets,
  type LegalHoldAnswer,
  type RetentionReportView,
  type RetentionRules,
  type ArchiveSettings,
  type ReceiptLanguage,
} from './archive-schemas.ts';
export { LETTER_PAGE_MAX, letterListQuerySchema, letterPageSchema, type LetterListQuery, type LetterPage } from './letter-page-schemas.ts';
export {
  PLUGIN_KINDS,
  pluginConfigStatusSchema,
  pluginListSchema,
  pluginSchema,
  type PluginConfigStatus,
  type PluginList,
  type PluginView,
} from './plugin-schemas.ts';
export {
  STAFF_ROLES,
  createdTokenSchema,
  teamSchema,
  tokenSchema,
  userListQuerySchema,
  userPageSchema,
  userSchema,
  type CreatedTokenView,
  type StaffRole,
  type TokenView,
  type UserPage,
  type UserView,
} from './user-schemas.ts';
export {
  ISO_DATE,
  addDays,
  danishDay,
  daysBetween,
  isDay,
  STATISTICS_DEFAULT_DAYS,
  STATISTICS_MAX_DAYS,
  STATISTICS_TIME_ZONE,
  statisticsDaySchema,
  statisticsSchema,
  type Statistics,
  type StatisticsDay,
} from './statistics-schemas.ts';
