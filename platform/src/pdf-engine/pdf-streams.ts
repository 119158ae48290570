/**
 * @module
 * Finds the streams in a PDF file's raw bytes and inflates the Flate-compressed ones, without a
 * PDF parser: for guarding against decompression bombs before PDFium inflates anything, and for
 * proving that no CPR number is left in any stream of a redacted letter.
 */
import { inflateSync } from 'node:zlib';
import { PdfLimitError } from './pdf-engine-errors.ts';

// deflate's best case is ≈ 1032:1; a stream whose compressed size times this cannot reach the
// limit need not be inflated to be checked (most content streams are a few KB).
const MAX_DEFLATE_RATIO = 1100;

/** `[start, end)` of each stream's data in the file. */
export function* streamRanges(bytes: Uint8Array): Generator<{ start: number; end: number }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (;;) {
    const kw = buf.indexOf('stream', at, 'latin1');
    if (kw < 0) return;
    at = kw + 6;
    if (kw >= 3 && buf.toString('latin1', kw - 3, kw) === 'end') continue;
    let start = at;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a) continue;
    start++;
    const stop = buf.indexOf('endstream', start, 'latin1');
    const end = stop < 0 ? buf.length : stop;
    yield { start, end };
    at = end;
  }
}

/** Whether two bytes open a zlib stream (deflate, valid header checksum). */
function isZlibHeader(b0: number | undefined, b1: number | undefined): boolean {
  return b0 !== undefined && b1 !== undefined && (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
}

/**
 * Throws when a Flate stream of the file inflates to more than `maxInflatedBytes`.
 * @throws PdfLimitError with limit `inflated`
 */
export function assertInflatedSize(bytes: Uint8Array, maxInflatedBytes: number): void {
  for (const { start, end } of streamRanges(bytes)) {
    if ((end - start) * MAX_DEFLATE_RATIO <= maxInflatedBytes) continue;
    if (!isZlibHeader(bytes[start], bytes[start + 1])) continue;
    try {
      inflateSync(bytes.subarray(start, end), { maxOutputLength: maxInflatedBytes });
    } catch (e) {
      // ERR_BUFFER_TOO_LARGE: past the limit. Anything else (a broken stream) is PDFium's to judge.
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new PdfLimitError('inflated', maxInflatedBytes + 1, maxInflatedBytes);
    }
  }
}

/**
 * Every stream's data as the file holds it and, for Flate streams, inflated; for searching.
 * Meant for small files (one letter): it holds each inflated stream in memory in turn.
 */
export function* streamContents(bytes: Uint8Array): Generator<Uint8Array> {
  for (const { start, end } of streamRanges(bytes)) {
    const raw = bytes.subarray(start, end);
    yield raw;
    if (!isZlibHeader(raw[0], raw[1])) continue;
    try {
      yield inflateSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: take what inflates from a cut stream */ });
    } catch {
      // Not inflatable: the raw bytes were searched already.
    }
  }
}
