/**
 * @module
 * XSD validation that compiles a schema set once and then validates many documents, with libxml2
 * compiled to WebAssembly (`libxml2-wasm`: no native build, no worker, nothing fetched). The schema
 * files are served from memory (see `virtual-files.ts`); documents are parsed with
 * `XML_PARSE_HUGE`, so a 30 MB PDF as one 40 MB base64 text node is validated whole, and without
 * network or external entities.
 */
import { posix } from 'node:path';
import { ParseOption, XmlDocument, XmlLibError, XsdValidator as LibXsdValidator, type ErrorDetail } from 'libxml2-wasm';
import { createVirtualFolder } from './virtual-files.ts';

/** One problem libxml2 found: its message, and where when it knows. */
export interface XsdValidationError {
  /** 1-based line in the document (our writers emit one line, so also see `path`). */
  line?: number;
  /** libxml2's message, e.g. `Element '{…}label': This element is not expected. Expected is …`. */
  message: string;
  /** XPath of the offending node, when libxml2 reports one. */
  path?: string;
}

/** Outcome of one validation. Not well-formed XML is `valid: false` with the parser's errors. */
export interface XsdValidationResult {
  valid: boolean;
  errors: XsdValidationError[];
}

/** A compiled schema set. Validation is synchronous: libxml2 runs on the calling thread. */
export interface XsdValidator {
  /** The root schema file this validator was compiled from. */
  readonly root: string;
  /**
   * Validates one document against the compiled schema.
   * @throws Error after `close()`.
   */
  validate(xml: string | Uint8Array): XsdValidationResult;
  /** Frees the compiled schema (WebAssembly memory). Safe to call twice. */
  close(): void;
}

/** Options of {@link createXsdValidator}. */
export interface XsdValidatorOptions {
  /** Every schema file of the set by its path relative to the set (`memo/v1.1/MeMo_core.xsd`). */
  files: Record<string, string | Uint8Array>;
  /** The path (a key of `files`) of the schema to compile; it imports/includes the others. */
  root: string;
}

/** Stable codes of {@link XsdSchemaError}. */
export type XsdSchemaErrorCode = 'XSD_NO_FILES' | 'XSD_ROOT_MISSING' | 'XSD_NOT_WELL_FORMED' | 'XSD_IMPORT_MISSING' | 'XSD_COMPILE';

/** The schema set cannot be used: a bad option, a missing import, or a schema libxml2 rejects. */
export class XsdSchemaError extends Error {
  readonly code: XsdSchemaErrorCode;
  readonly option: 'files' | 'root';
  /** The message without the package, code and option prefix. */
  readonly detail: string;
  constructor(code: XsdSchemaErrorCode, option: 'files' | 'root', detail: string) {
    super(`@brevdue/shared/xml ${code}: option "${option}": ${detail}`);
    this.name = 'XsdSchemaError';
    this.code = code;
    this.option = option;
    this.detail = detail;
  }
}

// HUGE: text nodes over 10 MB (a base64 document). BIG_LINES: line numbers past 65535.
// NONET/NO_XXE: a document must not make the validator load anything.
const DOCUMENT_OPTIONS =
  ParseOption.XML_PARSE_HUGE | ParseOption.XML_PARSE_BIG_LINES | ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

const encoder = new TextEncoder();

/** Errors kept per document: the first one is what a person needs, the rest are mostly echoes. */
const MAX_ERRORS = 20;

/**
 * libxml2 quotes the offending value in its message; for a base64 document that is 40 MB of text.
 * Long quoted values are cut to their start and their length.
 */
function shorten(message: string): string {
  const cut = (value: string) => `${value.slice(0, 60)}… (${value.length} characters)`;
  // A quoted value, or (when libxml2 cut its own message short) any long run without spaces.
  return message
    .trim()
    .replace(/'([^']{120,})'/g, (_m, value: string) => `'${cut(value)}'`)
    .replace(/[^\s']{120,}/g, cut);
}

/** Schema file names without the in-memory folder prefix. */
function unprefix(text: string): string {
  return text.replace(/brevdue-xsd:\/\/\/\d+\//g, '');
}

function toErrors(details: ErrorDetail[], fallback: string): XsdValidationError[] {
  return details.length ? details.slice(0, MAX_ERRORS).map(toError) : [{ message: shorten(fallback) }];
}

function toError(d: ErrorDetail): XsdValidationError {
  const e: XsdValidationError = { message: shorten(d.message) };
  if (d.line > 0) e.line = d.line;
  if (d.xpath) e.path = d.xpath;
  return e;
}

function describe(details: ErrorDetail[]): string {
  return unprefix(details.map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${shorten(d.message)}`.trim()).join('; '));
}

function refuseMissing(missing: string[]): void {
  if (missing.length)
    throw new XsdSchemaError(
      'XSD_IMPORT_MISSING',
      'files',
      `imported/included but not given: ${[...new Set(missing)].join(', ')}; add them to "files"`,
    );
}

/**
 * Compiles an XSD schema set once, for validating many documents.
 * @param options the schema files in memory and the root to compile
 * @example
 * const v = createXsdValidator({ files: { 'a.xsd': xsdText, 'types/b.xsd': otherXsd }, root: 'a.xsd' });
 * const r = v.validate('<a xmlns="urn:a"/>');
 * if (!r.valid) console.log(r.errors.map((e) => `line ${e.line}: ${e.message}`));
 * v.close();
 * @throws XsdSchemaError when `root` is not in `files`, an import/include names a file not in
 *   `files`, or libxml2 cannot compile the schema (its messages with file and line).
 */
export function createXsdValidator(options: XsdValidatorOptions): XsdValidator {
  const files = new Map<string, Uint8Array>();
  for (const [name, contents] of Object.entries(options.files ?? {})) {
    files.set(posix.normalize(name).replace(/^\/+/, ''), typeof contents === 'string' ? encoder.encode(contents) : contents);
  }
  if (files.size === 0)
    throw new XsdSchemaError('XSD_NO_FILES', 'files', 'no schema files given; pass every .xsd of the set by its relative path');
  const root = posix.normalize(options.root ?? '').replace(/^\/+/, '');
  const rootBytes = files.get(root);
  if (!rootBytes)
    throw new XsdSchemaError(
      'XSD_ROOT_MISSING',
      'root',
      `"${options.root}" is not one of the files (${[...files.keys()].slice(0, 5).join(', ')}${files.size > 5 ? ', …' : ''})`,
    );

  const folder = createVirtualFolder(files);
  let schema: LibXsdValidator | undefined;
  try {
    let xsd: XmlDocument;
    try {
      xsd = XmlDocument.fromBuffer(rootBytes, { url: folder.url(root), option: ParseOption.XML_PARSE_NONET });
    } catch (err) {
      throw new XsdSchemaError(
        'XSD_NOT_WELL_FORMED',
        'root',
        `"${root}" is not well-formed XML: ${err instanceof XmlLibError ? describe(err.details) : String(err)}`,
      );
    }
    try {
      schema = LibXsdValidator.fromDoc(xsd);
    } catch (err) {
      refuseMissing(folder.missing);
      throw new XsdSchemaError(
        'XSD_COMPILE',
        'files',
        `the schema "${root}" does not compile: ${err instanceof XmlLibError ? describe(err.details) : String(err)}`,
      );
    } finally {
      xsd.dispose();
    }
    // libxml2 only warns about an import it cannot find and compiles without it when nothing
    // uses it; refuse anyway, or elements of that namespace would fail later with a puzzling message.
    refuseMissing(folder.missing);
  } catch (err) {
    schema?.dispose();
    throw err;
  } finally {
    // The compiled schema holds everything it needs; the files are not read again.
    folder.remove();
  }

  let compiled: LibXsdValidator | undefined = schema;
  return {
    root,
    validate(xml) {
      if (!compiled) throw new Error(`@brevdue/shared/xml: the validator for "${root}" is closed; create a new one`);
      let doc: XmlDocument;
      try {
        doc =
          typeof xml === 'string'
            ? XmlDocument.fromString(xml, { option: DOCUMENT_OPTIONS })
            : XmlDocument.fromBuffer(xml, { option: DOCUMENT_OPTIONS });
      } catch (err) {
        if (err instanceof XmlLibError) return { valid: false, errors: toErrors(err.details, err.message) };
        throw err;
      }
      // The tree lives in WebAssembly memory, outside the garbage collector: free it every time.
      try {
        compiled.validate(doc);
        return { valid: true, errors: [] };
      } catch (err) {
        if (err instanceof XmlLibError) return { valid: false, errors: toErrors(err.details, err.message) };
        throw err;
      } finally {
        doc.dispose();
      }
    },
    close() {
      compiled?.dispose();
      compiled = undefined;
    },
  };
}
