/**
 * @module
 * Structured logs (pino). Log letter and shipment ids, never CPR numbers or document content:
 * as a safety net every line is scrubbed of CPR numbers.
 */
import { maskCprsInText } from '@brevdue/shared';
import { pino, destination as pinoDestination, stdTimeFunctions, type Logger, type DestinationStream } from 'pino';

class ScrubbingStream {
  constructor(private readonly inner: DestinationStream) {}
  write(line: string): void {
    // Only CPR numbers: ids and hashes in the line stay readable.
    this.inner.write(maskCprsInText(line));
  }
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const dest = destination ?? pinoDestination({ dest: 1, sync: false });
  return pino(
    { level, base: { app: 'brevdue' }, timestamp: stdTimeFunctions.isoTime },
    new ScrubbingStream(dest) as unknown as DestinationStream,
  );
}

export type { Logger };
