/**
 * @module
 * Structured logs (pino). Log letter and shipment ids, never CPR numbers or document content:
 * as a safety net every line is scrubbed of anything shaped like a CPR number.
 */
import { pino, destination as pinoDestination, stdTimeFunctions, type Logger, type DestinationStream } from 'pino';

// DDMMYY-SSSS or 10 digits not glued to other digits.
const CPR_LIKE = /(?<!\d)(\d{6})-?\d{4}(?!\d)/g;

/** Replaces CPR-shaped substrings with a mask. */
export function scrubCpr(text: string): string {
  return text.replace(CPR_LIKE, '$1-XXXX');
}

class ScrubbingStream {
  constructor(private readonly inner: DestinationStream) {}
  write(line: string): void {
    this.inner.write(scrubCpr(line));
  }
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const dest = destination ?? pinoDestination({ dest: 1, sync: false });
  return pino({ level, base: { app: 'brevdue' }, timestamp: stdTimeFunctions.isoTime }, new ScrubbingStream(dest) as unknown as DestinationStream);
}

export type { Logger };
