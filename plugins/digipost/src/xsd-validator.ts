/**
 * @module
 * Validates Digipost XML against the official api_v8.xsd plus the data types schema, with libxml2
 * (xmllint-wasm: libxml2 compiled to WebAssembly, run in a worker thread; no native build, works on
 * Node 20). xmllint-wasm does no I/O of its own: the wrapper schema's `xsd:import`s are resolved
 * against the files handed over as `preload`, by file name, so the wrapper imports flat names.
 *
 * Each xmllint run starts a worker and parses the schemas (~150 ms), so concurrent calls are
 * coalesced: everything queued while a run is busy goes into the next run as one batch.
 */
import { readFileSync } from 'node:fs';
import xmllint from 'xmllint-wasm';

const schemaFile = (name: string) => readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8');

let schemas: { main: string; preload: Array<{ fileName: string; contents: string }> } | undefined;
function loadSchemas() {
  schemas ??= {
    main: schemaFile('v8-with-datatypes.xsd'),
    preload: [
      { fileName: 'api_v8.xsd', contents: schemaFile('api_v8.xsd') },
      { fileName: 'datatypes.xsd', contents: schemaFile('datatypes.xsd') },
    ],
  };
  return schemas;
}

export interface XsdResult {
  valid: boolean;
  /** libxml2's messages, without file names. */
  errors: string[];
}

interface Pending {
  xml: string;
  resolve(r: XsdResult): void;
  reject(e: unknown): void;
}

const MAX_BATCH = 200;
let queue: Pending[] = [];
let running = false;

async function runBatch(batch: Pending[]): Promise<void> {
  const s = loadSchemas();
  const files = batch.map((p, i) => ({ fileName: `m${i}.xml`, contents: p.xml }));
  try {
    const result = await xmllint.validateXML({ xml: files, schema: [s.main], preload: s.preload });
    // xmllint's own verdict per file is the line "<file> validates"; error lines start "<file>:<line>:"
    // and any context lines that follow (the offending source, a caret) belong to the file before.
    const valid = new Set<string>();
    const errors = new Map<string, string[]>();
    let current = '';
    for (const line of result.rawOutput.split('\n')) {
      const verdict = /^(m\d+\.xml) (validates|fails to validate)$/.exec(line);
      if (verdict) {
        if (verdict[2] === 'validates') valid.add(verdict[1]!);
        continue;
      }
      const located = /^(m\d+\.xml):\d+: (.*)$/.exec(line);
      if (located) {
        current = located[1]!;
        errors.set(current, [...(errors.get(current) ?? []), located[2]!.trim()]);
      }
    }
    batch.forEach((p, i) => {
      const name = `m${i}.xml`;
      const errs = errors.get(name) ?? [];
      p.resolve({ valid: valid.has(name) && errs.length === 0, errors: errs.length > 0 || valid.has(name) ? errs : ['xmllint gave no verdict for this document'] });
    });
  } catch (e) {
    // A rejected run (xmllint aborted): check each document alone so one bad document fails alone.
    if (batch.length > 1) {
      for (const p of batch) await runBatch([p]);
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    batch[0]!.resolve({ valid: false, errors: [msg] });
  }
}

async function drain(): Promise<void> {
  running = true;
  try {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      await runBatch(batch).catch((e) => batch.forEach((p) => p.reject(e)));
    }
  } finally {
    running = false;
  }
}

/**
 * Validates one Digipost XML document (a `<message>`, `<identification>`, an answer ...) against
 * api_v8.xsd + datatypes.xsd.
 * @example const r = await validateDigipostXml(xml); if (!r.valid) console.log(r.errors);
 */
export function validateDigipostXml(xml: string): Promise<XsdResult> {
  return new Promise<XsdResult>((resolve, reject) => {
    queue.push({ xml, resolve, reject });
    if (!running) void drain();
  });
}
