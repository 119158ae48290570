/**
 * @module
 * XSD validation of MeMo messages and ForsendelseI print jobs with libxml2 (WebAssembly, through
 * `@brevdue/shared/xml`). Each schema set is compiled once per process, on first use, and then
 * validates a one-page message in well under a millisecond on the calling thread; messages over
 * 1 MB (0.1–1 s for a 30 MB letter) go to a worker thread so the process keeps serving HTTP.
 * No file system or network at validation time: the schema files are handed over in memory.
 */
import { fileURLToPath } from 'node:url';
import {
  createXsdValidator,
  createXsdWorkerValidator,
  readSchemaFiles,
  type XsdValidationResult,
  type XsdValidator,
  type XsdWorkerValidator,
} from '@brevdue/shared/xml';

/** Which schema a document is checked against. */
export type SchemaKind = 'memo-1.1' | 'memo-1.2' | 'forsendelse-i' | 'kombi-1.1' | 'kombi-1.2' | 'kombi-print-1.1' | 'kombi-print-1.2';

const SCHEMA_ROOT = fileURLToPath(new URL('../schemas/', import.meta.url));

/** Root file of each schema, relative to `schemas/`. */
const ROOTS: Record<SchemaKind, string> = {
  'memo-1.1': 'memo/v1.1/MeMo_core.xsd',
  'memo-1.2': 'memo/v1.2/MeMo_core.xsd',
  // The local root exists because libxml2 honours only the first import of a namespace
  // (see schemas/sf1600-print/local/*.xsd header comments).
  'forsendelse-i': 'sf1600-print/local/ForsendelseI-local.xsd',
  // A whole KombiPostAfsend body: MeMo and print job checked in one run (see the file's comment).
  'kombi-1.1': 'sf1601/kombi-request-1.1.xsd',
  'kombi-1.2': 'sf1601/kombi-request-1.2.xsd',
  'kombi-print-1.1': 'sf1601/kombi-request-print-1.1.xsd',
  'kombi-print-1.2': 'sf1601/kombi-request-print-1.2.xsd',
};

/** Folders whose files each schema needs (imports are relative to the root). */
const FOLDERS: Record<SchemaKind, string[]> = {
  'memo-1.1': ['memo/v1.1'],
  'memo-1.2': ['memo/v1.1', 'memo/v1.2'],
  'forsendelse-i': ['sf1600-print/oio', 'sf1600-print/local'],
  'kombi-1.1': ['memo/v1.1', 'sf1601'],
  'kombi-1.2': ['memo/v1.1', 'memo/v1.2', 'sf1601'],
  'kombi-print-1.1': ['memo/v1.1', 'sf1600-print/oio', 'sf1600-print/local', 'sf1601'],
  'kombi-print-1.2': ['memo/v1.1', 'memo/v1.2', 'sf1600-print/oio', 'sf1600-print/local', 'sf1601'],
};

// Compiled schemas live for the process: the plugin, the simulator and the tests share them.
const validators = new Map<SchemaKind, XsdValidator>();

/**
 * The compiled validator for a schema kind (compiled on first use: 0.1–0.3 s for the print set).
 * @throws XsdSchemaError when the plugin's schema files are missing or do not compile (a packaging bug).
 */
export function schemaValidator(kind: SchemaKind): XsdValidator {
  let v = validators.get(kind);
  if (!v) {
    v = createXsdValidator({ files: readSchemaFiles(SCHEMA_ROOT, FOLDERS[kind]), root: ROOTS[kind] });
    validators.set(kind, v);
  }
  return v;
}

/** Messages at least this big are validated on a worker thread (≈ 3 ms of libxml2 work). */
export const OFF_THREAD_BYTES = 1024 * 1024;

const workerValidators = new Map<SchemaKind, Promise<XsdWorkerValidator>>();

function workerValidator(kind: SchemaKind): Promise<XsdWorkerValidator> {
  let v = workerValidators.get(kind);
  if (!v) {
    v = createXsdWorkerValidator({ files: readSchemaFiles(SCHEMA_ROOT, FOLDERS[kind]), root: ROOTS[kind] });
    // A thread that could not start is tried again next time, not cached as a failure.
    v.catch(() => workerValidators.delete(kind));
    workerValidators.set(kind, v);
  }
  return v;
}

/** Outcome of a validation: `errors` are libxml2's messages with the line number. */
export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

/**
 * Validates one XML document against a schema. Synchronous: libxml2 runs on the calling thread
 * (about 0.2 ms for a one-page letter, 0.1–0.2 s for a 30 MB one).
 * @param xml the document (UTF-8 text or bytes)
 * @param kind which schema
 * @example const r = validateAgainstSchema(xml, 'memo-1.2'); if (!r.valid) console.log(r.errors);
 * @throws XsdSchemaError when the schema itself cannot be compiled.
 */
export function validateAgainstSchema(xml: string | Uint8Array, kind: SchemaKind): ValidationResult {
  return toResult(schemaValidator(kind).validate(xml));
}

/**
 * Validates one XML document against a schema without blocking the event loop for long: below
 * {@link OFF_THREAD_BYTES} on the calling thread, above on a worker thread (one per schema kind,
 * started on first use). If the thread cannot start, the document is validated here instead.
 * @example const r = await validateAgainstSchemaAsync(body, 'kombi-1.2');
 * @throws XsdSchemaError when the schema itself cannot be compiled.
 */
export async function validateAgainstSchemaAsync(xml: string | Uint8Array, kind: SchemaKind): Promise<ValidationResult> {
  const bytes = typeof xml === 'string' ? xml.length : xml.byteLength;
  if (bytes < OFF_THREAD_BYTES) return validateAgainstSchema(xml, kind);
  let worker: XsdWorkerValidator;
  try {
    worker = await workerValidator(kind);
  } catch {
    return validateAgainstSchema(xml, kind);
  }
  return toResult(await worker.validate(xml));
}

function toResult(result: XsdValidationResult): ValidationResult {
  return {
    valid: result.valid,
    errors: result.errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)),
  };
}
