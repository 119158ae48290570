/**
 * @module
 * The 422 for a PDF that cannot be read, with the problem in `details.reason`.
 */
import { ApiError } from '../http/api-error.ts';
import type { PdfProblem } from '../pdf-engine/index.ts';
import { documentMessages as msg } from './document-messages.ts';

const PROBLEM_TEXT: Record<PdfProblem, string> = {
  corrupt: msg.pdfCorrupt,
  truncated: msg.pdfTruncated,
  password_protected: msg.pdfPasswordProtected,
  no_pages: msg.pdfNoPages,
};

/**
 * The 422 for a PDF that cannot be read; `details.reason` is the machine-readable problem.
 * @example throw pdfProblemError('truncated')
 */
export function pdfProblemError(problem: PdfProblem): ApiError {
  return new ApiError(422, `pdf_${problem}`, PROBLEM_TEXT[problem], { details: { reason: problem } });
}
