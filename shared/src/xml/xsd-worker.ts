/**
 * @module
 * The worker-thread side of {@link createXsdWorkerValidator}: compiles the schema set once with
 * {@link createXsdValidator}, then answers `{ id, xml }` messages with `{ id, result }`.
 * Started by `xsd-worker-validator.ts` (through tsx, so this file can stay TypeScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createXsdValidator,
  XsdSchemaError,
  type XsdSchemaErrorCode,
  type XsdValidationResult,
  type XsdValidatorOptions,
} from './xsd-validator.ts';

/** What the worker posts back. */
export type WorkerAnswer =
  | { type: 'ready' }
  | { type: 'refused'; code: XsdSchemaErrorCode; option: 'files' | 'root'; detail: string }
  | { type: 'result'; id: number; result: XsdValidationResult }
  | { type: 'failed'; id: number; message: string };

const port = parentPort!;
const options = (workerData as { options: XsdValidatorOptions }).options;
try {
  const validator = createXsdValidator(options);
  port.on('message', (m: { id: number; xml: string | Uint8Array }) => {
    try {
      port.postMessage({ type: 'result', id: m.id, result: validator.validate(m.xml) } satisfies WorkerAnswer);
    } catch (err) {
      port.postMessage({ type: 'failed', id: m.id, message: (err as Error).message } satisfies WorkerAnswer);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerAnswer);
} catch (err) {
  const e = err instanceof XsdSchemaError ? err : new XsdSchemaError('XSD_COMPILE', 'files', (err as Error).message);
  port.postMessage({ type: 'refused', code: e.code, option: e.option, detail: e.detail } satisfies WorkerAnswer);
}
