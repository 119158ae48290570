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
  shipmentSchema,
  type PreviewCopy,
  type ShipmentPreview,
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
export { recipientLookupSchema, type RecipientLookup } from './recipient-schemas.ts';
export { splitRequestSchema, splitSchema, type SplitRequest, type SplitRequestInput, type SplitView } from './split-schemas.ts';
export {
  auditEntrySchema,
  auditPageSchema,
  auditVerifySchema,
  type AuditEntry,
  type AuditPage,
  type AuditVerifyResult,
} from './audit-schemas.ts';
