/**
 * @module
 * {@link createXsdValidator} on worker threads, for big documents: validating a 40 MB base64 node
 * takes 0.1–0.2 s (up to a second while the WebAssembly heap first grows), which on the main thread
 * would stall every HTTP request of the process. Each thread compiles the schema set once and keeps
 * its own libxml2 heap; documents are copied to the thread (a memcpy, not a parse).
 *
 * The thread runs `xsd-worker.ts` through tsx's loader (registered inside the thread), so it works
 * the same under `node --import tsx`, vitest and the CLI.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer } from './xsd-worker.ts';
import { XsdSchemaError, type XsdValidationResult, type XsdValidatorOptions } from './xsd-validator.ts';

/** A compiled schema set on worker threads. */
export interface XsdWorkerValidator {
  /** The root schema file this validator was compiled from. */
  readonly root: string;
  /**
   * Validates one document on a worker thread.
   * @throws Error when the validator is closed or its thread died during the call (a new thread
   *   is started for the next call).
   */
  validate(xml: string | Uint8Array): Promise<XsdValidationResult>;
  /** Stops the threads; calls still running are rejected. */
  close(): Promise<void>;
}

/** Options of {@link createXsdWorkerValidator}. */
export interface XsdWorkerValidatorOptions extends XsdValidatorOptions {
  /** Worker threads (default 1). Each keeps its own WebAssembly heap, ≈ 4–5 × the largest document. */
  threads?: number;
}

// Plain CommonJS for `eval: true`: load libxml2-wasm, register tsx in this thread, then load the
// TypeScript worker. libxml2-wasm is loaded first on purpose: through tsx's loader its 1 MB module
// costs ≈ 150 MB of RSS that is never returned (measured), loaded before it ≈ 14 MB.
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.libxml2)
  .then(() => import(workerData.tsx))
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((e) => parentPort.postMessage({ type: 'crashed', message: String((e && e.stack) || e) }));
`;

// tsx's ESM entry (`import` condition); createRequire resolves the CommonJS twin next to it.
const TSX = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href;
const ENTRY = new URL('./xsd-worker.ts', import.meta.url).href;
// The package's ESM entry: `main` of libxml2-wasm (it has no `exports` map).
const LIBXML2 = pathToFileURL(createRequire(import.meta.url).resolve('libxml2-wasm')).href;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve(r: XsdValidationResult): void; reject(e: Error): void }>;
  dead: boolean;
}

/**
 * Compiles an XSD schema set on worker threads, for validating big documents off the main thread.
 * @param options the schema files, the root, and how many threads
 * @example
 * const v = await createXsdWorkerValidator({ files: readSchemaFiles(dir), root: 'memo/v1.2/MeMo_core.xsd' });
 * const r = await v.validate(bigMessage);
 * await v.close();
 * @throws XsdSchemaError as {@link createXsdValidator} does (the first thread compiles before this
 *   resolves); RangeError for a bad `threads`.
 */
export async function createXsdWorkerValidator(options: XsdWorkerValidatorOptions): Promise<XsdWorkerValidator> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`@brevdue/shared/xml: option "threads" must be a whole number ≥ 1, not ${String(options.threads)}`);
  const workerOptions: XsdValidatorOptions = { files: options.files, root: options.root };
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    // execArgv: [] so a parent's `--import tsx` is not registered a second time in the thread.
    const worker = new Worker(BOOT, {
      eval: true,
      execArgv: [],
      workerData: { libxml2: LIBXML2, tsx: TSX, entry: ENTRY, options: workerOptions },
    });
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), dead: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => {
        slot.dead = true;
        reject(e);
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
      };
      worker.on('message', (m: WorkerAnswer | { type: 'crashed'; message: string }) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'refused') fail(new XsdSchemaError(m.code, m.option, m.detail));
        else if (m.type === 'crashed') fail(new Error(`@brevdue/shared/xml: the validation thread could not start: ${m.message}`));
        else {
          const p = slot.pending.get(m.id);
          slot.pending.delete(m.id);
          if (slot.pending.size === 0) worker.unref();
          if (m.type === 'result') p?.resolve(m.result);
          else p?.reject(new Error(`@brevdue/shared/xml: validation failed in its thread: ${m.message}`));
        }
      });
      worker.on('error', (e) => fail(new Error(`@brevdue/shared/xml: the validation thread failed: ${e.message}`)));
      worker.on('exit', (code) => fail(new Error(`@brevdue/shared/xml: the validation thread stopped (exit code ${code})`)));
    });
    // A refusal is reported by the factory (first slot) or the call that waits for the slot.
    slot.ready.catch(() => undefined);
    return slot;
  }

  const slots: Slot[] = [spawn()];
  await slots[0]!.ready;
  for (let i = 1; i < threads; i++) slots.push(spawn());

  return {
    root: options.root,
    async validate(xml) {
      if (closed) throw new Error(`@brevdue/shared/xml: the worker validator for "${options.root}" is closed; create a new one`);
      // The least busy thread; a thread that died is replaced (it compiles again).
      let index = 0;
      slots.forEach((s, i) => {
        if (s.pending.size < slots[index]!.pending.size) index = i;
      });
      if (slots[index]!.dead) slots[index] = spawn();
      const slot = slots[index]!;
      await slot.ready;
      const id = nextId++;
      return new Promise<XsdValidationResult>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        // Keep the process alive while a call is running; idle threads must not.
        slot.worker.ref();
        slot.worker.postMessage({ id, xml });
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
