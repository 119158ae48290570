/**
 * @module
 * Random access to a stored document's bytes, so pdf.js reads only the parts of a PDF it needs
 * (trailer, cross-reference table, page tree) instead of holding a 99 MB file in memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { BlobStore } from '../blob/blob-store.ts';

/** Bytes that can be read at any offset. */
export interface RandomAccessSource {
  readonly length: number;
  /** Reads `[begin, end)`; clamps at the end. */
  read(begin: number, end: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A source over bytes already in memory. */
export function bufferSource(buf: Uint8Array): RandomAccessSource {
  return {
    length: buf.length,
    read: async (begin, end) => buf.subarray(begin, Math.min(end, buf.length)),
    close: async () => {},
  };
}

/** A source over a file on disk; reads happen on demand. */
export async function fileSource(path: string): Promise<RandomAccessSource> {
  const fh: FileHandle = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    length: size,
    async read(begin, end) {
      const stop = Math.min(end, size);
      const out = Buffer.allocUnsafe(Math.max(0, stop - begin));
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await fh.read(out, done, out.length - done, begin + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.subarray(0, done);
    },
    close: () => fh.close(),
  };
}

/**
 * Opens a blob for random access: directly on disk when it is a local file, otherwise
 * read into memory (an S3-style store would add ranged reads here).
 */
export async function blobSource(blobs: BlobStore, sha256: string): Promise<RandomAccessSource> {
  const path = blobs.localPath?.(sha256);
  return path ? fileSource(path) : bufferSource(await blobs.read(sha256));
}

/** Runs `fn` with a blob opened for random access and closes it afterwards. */
export async function withBlobSource<T>(blobs: BlobStore, sha256: string, fn: (src: RandomAccessSource) => Promise<T>): Promise<T> {
  const src = await blobSource(blobs, sha256);
  try {
    return await fn(src);
  } finally {
    await src.close();
  }
}
