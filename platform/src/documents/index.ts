/**
 * @module
 * Document intake: upload, validation, conversion to PDF, e-mail rendering, recipient search.
 */
export { closeDocumentServices, documentRoutes, type DocumentRoutesOptions } from './document-routes.ts';
export { loadDocuments } from './load-documents.ts';
export { type DocumentView, toDocumentView } from './document-intake.ts';
export { findRecipients, type FoundRecipient } from './find-recipients.ts';
