/**
 * @module
 * The PDF engine: inspect, split, redact and leak-check untrusted PDFs on worker threads with
 * limits. The platform creates one engine per process and closes it at shutdown.
 */
export {
  createPdfEngine,
  type CallLimits,
  type CleanResult,
  type InspectOptions,
  type FoundRecipient,
  type LeakReport,
  type PdfEngine,
  type PdfEngineOptions,
  type PdfInspection,
  type PdfProgress,
  type SplitLetter,
  type SplitOptions,
  type SplitResult,
} from './pdf-engine.ts';
export {
  PdfEngineError,
  PdfLimitError,
  PdfRedactionError,
  PdfUnreadableError,
  type PdfError,
  type PdfLimit,
  type PdfProblem,
} from './pdf-engine-errors.ts';
export { planLetters, type LetterPlan, type PlannedLetter, type Recipient, type SplitBy } from './plan-letters.ts';
export type { PdfSource } from './pdfium-document.ts';
export type { PageLayout, TextRun } from './page-layout.ts';
export type { ActiveContent, ActiveContentKind } from './active-content.ts';
export type { WrittenLetter } from './pdf-tasks.ts';
export { scanIdentifiers, type IdentifierHit } from './scan-identifiers.ts';
export { pdfErrorStatus, pdfErrorText, type Lang } from './pdf-engine-messages.ts';
