/**
 * @module
 * The blob store as the platform runs it: small blobs in PostgreSQL (inline-blob-store.ts), the
 * rest as files under `dir` (local-disk-blob-store.ts).
 */
import type { Logger } from 'pino';
import { openPool } from '../db/connect.ts';
import type { BlobStore } from './blob-store.ts';
import { withInlineBlobs } from './inline-blob-store.ts';
import { createLocalDiskBlobStore } from './local-disk-blob-store.ts';

/** Opens the store; its database connections (two, its own) close with `close()`. */
export function openBlobStore(dir: string, databaseUrl: string, logger: Logger): { blobs: BlobStore; close(): Promise<void> } {
  // Connections of its own: a put made inside a transaction never waits for that transaction's.
  const db = openPool(databaseUrl, logger, 2);
  return { blobs: withInlineBlobs(createLocalDiskBlobStore(dir), db), close: () => db.destroy() };
}
