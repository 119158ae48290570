/**
 * @module
 * The errors the PDF engine answers. They cross the worker boundary as plain objects
 * ({@link SerializedPdfError}) and are rebuilt on the calling side, so `instanceof` works there.
 */

/** A limit of {@link PdfEngineLimits} that a document went past. */
export type PdfLimit = 'pages' | 'time' | 'memory' | 'inflated';

/**
 * A document went past one of the engine's limits; the worker that handled it was stopped and
 * replaced, and nothing it wrote is left. HTTP: 413 for `pages`/`inflated`, 422 for `time`/`memory`.
 */
export class PdfLimitError extends Error {
  /** Which limit. */
  readonly limit: PdfLimit;
  /** What the document reached (pages, milliseconds, bytes) when it was stopped. */
  readonly value: number;
  /** The limit in force (same unit as `value`). */
  readonly max: number;
  constructor(limit: PdfLimit, value: number, max: number) {
    super(`PDF engine: the document went past the ${limit} limit (${value} > ${max}); raise the engine's limit or refuse the document`);
    this.name = 'PdfLimitError';
    this.limit = limit;
    this.value = value;
    this.max = max;
  }
}

/** Why a PDF cannot be read. */
export type PdfProblem = 'corrupt' | 'truncated' | 'password_protected' | 'no_pages';

/** The bytes are not a readable PDF; `problem` says which way. HTTP: 422. */
export class PdfUnreadableError extends Error {
  readonly problem: PdfProblem;
  constructor(problem: PdfProblem, detail?: string) {
    super(`PDF engine: the PDF is ${problem.replace('_', '-')}${detail ? ` (${detail})` : ''}`);
    this.name = 'PdfUnreadableError';
    this.problem = problem;
  }
}

/**
 * Redaction could not prove its result: after removing the CPR numbers, one was still found in
 * the written file (e.g. in an annotation or form field PDFium does not redact). Fail closed: the
 * letter must not be sent with `redactCpr`. Never carries the number itself.
 */
export class PdfRedactionError extends Error {
  /** 1-based page of the letter in the source document where the number was found, when known. */
  readonly where: string;
  constructor(where: string) {
    super(`PDF engine: a CPR number is still in the redacted letter (${where}); the letter was not written`);
    this.name = 'PdfRedactionError';
    this.where = where;
  }
}

/** The worker crashed or the engine was closed; not the document's fault. */
export class PdfEngineError extends Error {
  constructor(message: string) {
    super(`PDF engine: ${message}`);
    this.name = 'PdfEngineError';
  }
}

/** Any error the engine answers. */
export type PdfError = PdfLimitError | PdfUnreadableError | PdfRedactionError | PdfEngineError;

/** An error as it crosses `postMessage`. */
export type SerializedPdfError =
  | { kind: 'limit'; limit: PdfLimit; value: number; max: number }
  | { kind: 'unreadable'; problem: PdfProblem; detail?: string }
  | { kind: 'redaction'; where: string }
  | { kind: 'engine'; message: string };

/** Turns an error thrown in a worker into a message-safe object. */
export function serializePdfError(e: unknown): SerializedPdfError {
  if (e instanceof PdfLimitError) return { kind: 'limit', limit: e.limit, value: e.value, max: e.max };
  if (e instanceof PdfUnreadableError) return { kind: 'unreadable', problem: e.problem };
  if (e instanceof PdfRedactionError) return { kind: 'redaction', where: e.where };
  return { kind: 'engine', message: e instanceof Error ? e.message : String(e) };
}

/** Rebuilds an error posted by a worker. */
export function deserializePdfError(s: SerializedPdfError): PdfError {
  switch (s.kind) {
    case 'limit':
      return new PdfLimitError(s.limit, s.value, s.max);
    case 'unreadable':
      return new PdfUnreadableError(s.problem, s.detail);
    case 'redaction':
      return new PdfRedactionError(s.where);
    case 'engine':
      return new PdfEngineError(s.message.replace(/^PDF engine: /, ''));
  }
}
