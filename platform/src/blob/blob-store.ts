/**
 * @module
 * Where document bytes live: content-addressed by SHA-256, so the same bytes are stored once.
 * A put resolves once the bytes are durable: callers next commit rows that name the blob.
 * The default keeps small blobs in PostgreSQL and the rest on the local disk (inline-blob-store.ts);
 * object stores (s3-blob-store.ts, azure-blob-store.ts) implement the same interface for a cluster.
 */
import type { Readable } from 'node:stream';

export interface PutResult {
  sha256: string;
  bytes: number;
}

/** A stored blob as `list()` sees it. */
export interface StoredBlob {
  sha256: string;
  /** When it was written, or last put again (a put of bytes already stored renews it). */
  modifiedAt: Date;
}

export interface BlobStore {
  /**
   * Stores a stream. Rejects with `BlobTooLargeError` as soon as more than `maxBytes` arrived,
   * keeping nothing. Idempotent: the same bytes give the same `sha256`.
   */
  put(body: Readable | AsyncIterable<Uint8Array>, opts?: { maxBytes?: number }): Promise<PutResult>;
  putBuffer(body: Buffer): Promise<PutResult>;
  read(sha256: string): Promise<Buffer>;
  stream(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
  /** Removes a blob (retention). Missing blobs are ignored. */
  delete(sha256: string): Promise<void>;
  /**
   * The local file that holds a blob, when it is stored as one (for random access and tools
   * such as LibreOffice); undefined when it is not (kept elsewhere, or missing).
   */
  localPath?(sha256: string): string | undefined;
  /**
   * Every stored blob with its age, in no particular order, for the orphan sweep
   * (sweep-orphan-blobs.ts). Temporary names are not listed.
   */
  list(): AsyncIterable<StoredBlob>;
  /**
   * Removes what writes that can no longer finish left behind: temporary files whose writer
   * process is gone, and any not written to for `olderThanMs` (a writer on another machine).
   * Answers how many were removed. Called at start-up and by the periodic sweep.
   */
  removeTemporaries(olderThanMs: number): Promise<number>;
  /** Size in bytes of a stored blob, without reading it (object stores). @throws BlobNotFoundError */
  size?(sha256: string): Promise<number>;
  /** Bytes `[begin, end)` of a stored blob, clamped at its end (random access without a local file). @throws BlobNotFoundError */
  readRange?(sha256: string, begin: number, end: number): Promise<Buffer>;
}

/** The body exceeded the allowed size; nothing was stored. */
export class BlobTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** A blob that should exist does not. */
export class BlobNotFoundError extends Error {
  constructor(sha256: string) {
    super(`blob ${sha256} not found`);
    this.name = 'BlobNotFoundError';
  }
}
