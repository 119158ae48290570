/**
 * @module
 * A small pool of PDF worker threads. Why not piscina: the engine must stop a thread in the
 * middle of a task (time limit) and replace it, replace a thread whose WebAssembly heap grew
 * (that memory is never given back), and stream progress per task; that is ~150 lines here and
 * no dependency. One task per thread at a time; tasks wait in a queue.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializePdfError, PdfEngineError, PdfLimitError } from './pdf-engine-errors.ts';
import type { PdfTask, TaskAnswer, TaskResult } from './pdf-tasks.ts';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  threads: number;
  /** V8 heap limit of each thread (JavaScript objects; the WebAssembly heap is checked by the task). */
  maxMemoryMb: number;
  /** A thread whose WebAssembly heap is larger than this after a task is replaced. */
  recycleBytes: number;
}

/**
 * How long a task may run once a thread has taken it. Waiting for a free thread (or for one to
 * start) does not count: a busy engine must not turn into time-limit errors for good documents.
 */
export interface TaskTime {
  timeoutMs: number;
}

/** Runs tasks on worker threads. */
export interface WorkerPool {
  /**
   * Runs a task on the next free thread. Past its time limit the thread is stopped
   * and replaced, and the call fails with `PdfLimitError('time')`.
   */
  run(task: PdfTask, time: TaskTime, onProgress?: (pages: number) => void): Promise<TaskResult>;
  close(): Promise<void>;
}

// Plain CommonJS for `eval: true`: load PDFium's module natively first (through tsx's loader a
// WebAssembly package costs far more memory), register tsx in this thread, then the TypeScript entry.
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.pdfium)
  .then(() => import(workerData.tsx))
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((e) => parentPort.postMessage({ type: 'crashed', message: String((e && e.stack) || e) }));
`;
const require = createRequire(import.meta.url);
const TSX = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const PDFIUM = pathToFileURL(require.resolve('@embedpdf/pdfium').replace(/\.cjs$/, '.js')).href;
const ENTRY = new URL('./pdf-worker.ts', import.meta.url).href;

interface Job {
  id: number;
  task: PdfTask;
  time: TaskTime;
  onProgress?: (pages: number) => void;
  resolve(r: TaskResult): void;
  reject(e: Error): void;
}
interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/**
 * Starts a pool of PDF worker threads (each loads PDFium once, ≈ 0.2–0.5 s).
 * @throws RangeError for a `threads` that is not a whole number ≥ 1
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  if (!Number.isInteger(options.threads) || options.threads < 1)
    throw new RangeError(`PDF engine option "threads" must be a whole number ≥ 1, not ${options.threads}`);
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  // Threads that died before they were ready, in a row: past a few, starting more is pointless
  // (a broken install, or a memory limit too small to load PDFium) and would loop.
  let failedStarts = 0;

  function spawn(): Slot {
    const worker = new Worker(BOOT, {
      eval: true,
      // execArgv: [] so a parent's `--import tsx` is not registered a second time in the thread.
      execArgv: [],
      workerData: { pdfium: PDFIUM, tsx: TSX, entry: ENTRY, recycleBytes: options.recycleBytes },
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb },
    });
    worker.unref();
    const slot: Slot = { worker, ready: false };
    worker.on('message', (a: TaskAnswer | { type: 'crashed'; message: string }) => onAnswer(slot, a));
    worker.on('error', (e: Error & { code?: string }) => {
      const err =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new PdfLimitError('memory', options.maxMemoryMb * 2 ** 20, options.maxMemoryMb * 2 ** 20)
          : new PdfEngineError(`a worker thread failed: ${e.message}`);
      replace(slot, err);
    });
    worker.on('exit', () => replace(slot, new PdfEngineError('a worker thread stopped')));
    return slot;
  }

  function onAnswer(slot: Slot, a: TaskAnswer | { type: 'crashed'; message: string }): void {
    if (a.type === 'ready') {
      slot.ready = true;
      failedStarts = 0;
      pump();
      return;
    }
    if (a.type === 'crashed') {
      // The thread could not start (a broken install): fail what waits rather than loop.
      const err = new PdfEngineError(`a worker thread could not start: ${a.message}`);
      for (const j of queue.splice(0)) j.reject(err);
      replace(slot, err);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== a.id) return;
    if (a.type === 'progress') {
      job.onProgress?.(a.done);
      return;
    }
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (a.type === 'done') job.resolve(a.result);
    else job.reject(deserializePdfError(a.error));
    if (a.recycle) replace(slot);
    else pump();
  }

  /** Stops a slot's thread (if still running), fails its job, and starts a fresh one. */
  function replace(slot: Slot, err?: Error): void {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    clearTimeout(slot.timer);
    slots.splice(i, 1);
    slot.job?.reject(err ?? new PdfEngineError('a worker thread stopped'));
    slot.job = undefined;
    void slot.worker.terminate();
    if (!slot.ready) failedStarts++;
    if (failedStarts >= 3) {
      const e = new PdfEngineError(
        `worker threads die while starting (${err?.message ?? 'no reason given'}); check the install and "maxMemoryMb"`,
      );
      for (const j of queue.splice(0)) j.reject(e);
      if (slots.length === 0) return;
    } else if (!closed) slots.push(spawn());
    pump();
  }

  function pump(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const job = queue.shift();
      if (!job) break;
      const { timeoutMs } = job.time;
      const dispatchedAt = Date.now();
      slot.job = job;
      slot.timer = setTimeout(() => replace(slot, new PdfLimitError('time', Date.now() - dispatchedAt, timeoutMs)), timeoutMs);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
    // Keep the process alive while work waits or runs (threads still starting included); idle
    // threads must not hold it open.
    const busy = queue.length > 0 || slots.some((s) => s.job);
    for (const slot of slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  for (let i = 0; i < options.threads; i++) slots.push(spawn());

  return {
    run(task, time, onProgress) {
      if (closed) return Promise.reject(new PdfEngineError('the engine is closed; create a new one'));
      if (slots.length === 0) {
        // Every thread failed to start before: try afresh for this call.
        failedStarts = 0;
        for (let i = 0; i < options.threads; i++) slots.push(spawn());
      }
      return new Promise<TaskResult>((resolve, reject) => {
        queue.push({ id: nextId++, task, time, onProgress, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const err = new PdfEngineError('the engine was closed');
      for (const j of queue.splice(0)) j.reject(err);
      await Promise.all(
        slots.splice(0).map((s) => {
          s.job?.reject(err);
          clearTimeout(s.timer);
          return s.worker.terminate();
        }),
      );
    },
  };
}
