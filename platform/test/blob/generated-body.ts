/**
 * @module
 * Deterministic test bodies of any size, made chunk by chunk so that a 100 MB body is never held
 * whole by the test itself.
 */
import { createHash } from 'node:crypto';

/** A deterministic body of `mib` MiB, made chunk by chunk (never held whole). */
export function* generatedBody(mib: number, seed = 1): Generator<Buffer> {
  const block = Buffer.alloc(64 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  for (let i = 0; i < mib * 16; i++) {
    const chunk = Buffer.from(block);
    chunk.writeUInt32LE(i, 0);
    yield chunk;
  }
}

/** SHA-256 of a generated body. */
export function generatedSha(mib: number, seed = 1): string {
  const h = createHash('sha256');
  for (const c of generatedBody(mib, seed)) h.update(c);
  return h.digest('hex');
}
