/**
 * @module
 * XSD validation of MeMo messages and ForsendelseI print jobs with libxml2 (compiled to WebAssembly
 * by `xmllint-wasm`, so nothing native to build and nothing fetched: every schema file is handed to
 * the in-memory file system of the validator, and `--nonet` is implied because there is no net).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { validateXML, memoryPages, type XMLFileInfo } from 'xmllint-wasm';

/** Which schema a document is checked against. */
export type SchemaKind = 'memo-1.1' | 'memo-1.2' | 'forsendelse-i' | 'kombi-1.1' | 'kombi-1.2' | 'kombi-print-1.1' | 'kombi-print-1.2';

const SCHEMA_ROOT = fileURLToPath(new URL('../schemas/', import.meta.url));

/** Root file of each schema inside the validator's file system. */
const ROOTS: Record<SchemaKind, string> = {
  'memo-1.1': 'schemas/memo/v1.1/MeMo_core.xsd',
  'memo-1.2': 'schemas/memo/v1.2/MeMo_core.xsd',
  // The local root exists because libxml2 honours only the first import of a namespace
  // (see schemas/sf1600-print/local/*.xsd header comments).
  'forsendelse-i': 'schemas/sf1600-print/local/ForsendelseI-local.xsd',
  // A whole KombiPostAfsend body: MeMo and print job checked in one run (see the file's comment).
  'kombi-1.1': 'schemas/sf1601/kombi-request-1.1.xsd',
  'kombi-1.2': 'schemas/sf1601/kombi-request-1.2.xsd',
  'kombi-print-1.1': 'schemas/sf1601/kombi-request-print-1.1.xsd',
  'kombi-print-1.2': 'schemas/sf1601/kombi-request-print-1.2.xsd',
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

const cache = new Map<SchemaKind, { root: XMLFileInfo; preload: XMLFileInfo[] }>();

/** Reads a schema set once per process; the files are small (≈600 kB together). */
function schemaFiles(kind: SchemaKind): { root: XMLFileInfo; preload: XMLFileInfo[] } {
  let entry = cache.get(kind);
  if (!entry) {
    const files: XMLFileInfo[] = [];
    for (const folder of FOLDERS[kind]) {
      for (const name of readdirSync(join(SCHEMA_ROOT, folder))) {
        if (name.endsWith('.xsd')) files.push({ fileName: `schemas/${folder}/${name}`, contents: readFileSync(join(SCHEMA_ROOT, folder, name)) });
      }
    }
    const root = files.find((f) => f.fileName === ROOTS[kind]);
    if (!root) throw new Error(`schema root ${ROOTS[kind]} missing from the plugin's schemas folder`);
    entry = { root, preload: files.filter((f) => f !== root) };
    cache.set(kind, entry);
  }
  return entry;
}

/** Outcome of a validation: `errors` are libxml2's messages with the line number. */
export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

/**
 * Validates one XML document against a schema.
 * @param xml the document (UTF-8 text or bytes)
 * @param kind which schema
 * @example const r = await validateAgainstSchema(xml, 'memo-1.2'); if (!r.valid) console.log(r.errors);
 * @throws Error when libxml2 could not run at all (e.g. the schema failed to compile).
 */
export async function validateAgainstSchema(xml: string | Uint8Array, kind: SchemaKind): Promise<ValidationResult> {
  const { root, preload } = schemaFiles(kind);
  const bytes = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.byteLength;
  // libxml2 holds the tree in WebAssembly memory: allow ~4× the document plus 64 MiB head-room.
  const needed = Math.ceil((bytes * 4) / (64 * 1024)) + 64 * memoryPages.MiB;
  const result = await validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [root],
    preload,
    initialMemoryPages: memoryPages.defaultInitialMemoryPages,
    maxMemoryPages: Math.min(memoryPages.max, Math.max(memoryPages.defaultMaxMemoryPages, needed)),
    // A 30 MB PDF is one 40 MB base64 text node; libxml2 refuses text nodes over 10 MB without --huge.
    modifyArguments: (args) => ['--huge', ...args],
  });
  return {
    valid: result.valid,
    errors: result.errors.map((e) => (e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message)).filter((m) => m.trim() !== ''),
  };
}
