/**
 * @module
 * The worker-thread side of the PDF engine: loads PDFium, then runs {@link PdfTask}s one at a
 * time and answers with {@link TaskAnswer}s. Started by `worker-pool.ts` through tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PdfUnreadableError, serializePdfError } from './pdf-engine-errors.ts';
import { heapBytes, loadPdfium } from './pdfium-document.ts';
import { runTask, type TaskAnswer, type TaskRequest } from './pdf-tasks.ts';

const port = parentPort!;
const { recycleBytes } = workerData as { recycleBytes: number };
const m = await loadPdfium();
const post = (a: TaskAnswer, transfer: ArrayBuffer[] = []) => port.postMessage(a, transfer);

port.on('message', ({ id, task }: TaskRequest) => {
  let done = 0;
  let last = Date.now();
  const progress = (n: number) => {
    done += n;
    // Progress at most every 100 ms: a message per page would cost more than the page.
    if (Date.now() - last >= 100) {
      last = Date.now();
      post({ type: 'progress', id, done });
      done = 0;
    }
  };
  try {
    const result = runTask(m, task, progress);
    if (done > 0) post({ type: 'progress', id, done });
    const transfer =
      result.op === 'write'
        ? result.letters.flatMap((l) => (l.bytes ? [l.bytes.buffer as ArrayBuffer] : []))
        : result.op === 'prepend'
          ? [result.bytes.buffer as ArrayBuffer]
          : [];
    post({ type: 'done', id, result, recycle: heapBytes(m) > recycleBytes }, transfer);
  } catch (e) {
    // A document that merely cannot be read leaves PDFium clean; after a limit, start afresh.
    post({ type: 'failed', id, error: serializePdfError(e), recycle: !(e instanceof PdfUnreadableError) || heapBytes(m) > recycleBytes });
  }
});
post({ type: 'ready' });
