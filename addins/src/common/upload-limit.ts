/**
 * @module
 * The 99.5 MB limit checked in the pane, before a byte is uploaded.
 */
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { formatSize } from './format-size.ts';
import { messages } from './messages.ts';

/** Thrown when a document is larger than a shipment may be; the message says what to do. */
export class TooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(messages.tooLarge(formatSize(bytes)));
    this.name = 'TooLargeError';
  }
}

/**
 * Throws {@link TooLargeError} when `bytes` (all documents of the shipment together) exceed 99.5 MB.
 * @throws TooLargeError
 */
export function assertWithinLimit(bytes: number): void {
  if (bytes > MAX_SHIPMENT_BYTES) throw new TooLargeError(bytes);
}
