/**
 * @module
 * Streams a document into an XML text node as base64, a slice at a time, so a 30 MB PDF is never
 * held as one 40 MB string next to its bytes.
 */
import type { LetterDocument } from '@brevdue/shared/sdk';
import type { XmlWriter } from './xml-sink.ts';

/** Base64 slices must start on a 3-byte boundary to concatenate into valid base64. */
const SLICE = 3 * 256 * 1024;

/**
 * Writes `doc` as base64 text into the current element of `w`.
 * @returns the number of document bytes written.
 */
export async function writeBase64(w: XmlWriter, doc: LetterDocument): Promise<number> {
  let carry = Buffer.alloc(0);
  let total = 0;
  for await (const chunk of doc.stream()) {
    const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const usable = buf.length - (buf.length % 3);
    for (let at = 0; at < usable; at += SLICE) {
      w.txt(buf.subarray(at, Math.min(at + SLICE, usable)).toString('base64'));
      // A big document arrives as few chunks and every await above resolves as a microtask: yield
      // to the event loop per slice so encoding a 30 MB letter does not hold up the process's HTTP.
      if (usable > SLICE) await new Promise((resolve) => setImmediate(resolve));
    }
    carry = Buffer.from(buf.subarray(usable));
    total += (chunk as Buffer).length;
  }
  if (carry.length) w.txt(carry.toString('base64'));
  if (total === 0) w.txt('');
  return total;
}
