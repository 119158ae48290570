/**
 * @module
 * The blob store as the platform runs it: small blobs in PostgreSQL (inline-blob-store.ts), the
 * rest where the config's `blobStore` says: files under `dir` (local-disk-blob-store.ts, the
 * default), an S3-compatible bucket (s3-blob-store.ts) or an Azure container (azure-blob-store.ts).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { openPool } from '../db/connect.ts';
import type { BlobStore } from './blob-store.ts';
import type { BlobStoreConfig } from './blob-store-config.ts';
import { withInlineBlobs } from './inline-blob-store.ts';
import { createLocalDiskBlobStore } from './local-disk-blob-store.ts';
import { createS3BlobStore, type ObjectBlobStore } from './s3-blob-store.ts';
import { createAzureBlobStore } from './azure-blob-store.ts';

/**
 * Opens the store; its database connections (two, its own) close with `close()`. With an object
 * store, `dir` only holds bodies being hashed before upload (`<dir>/spool`).
 * @param store the config's `blobStore` (disk when absent)
 * @param env where the secrets' variables named in `store` are read
 * @throws BlobStoreConfigError when a secret the config names is not set; `ready()` rejects with
 * one when the bucket or container cannot be reached.
 */
export function openBlobStore(
  dir: string,
  databaseUrl: string,
  logger: Logger,
  store: BlobStoreConfig = { kind: 'disk' },
  env: NodeJS.ProcessEnv = process.env,
): { blobs: BlobStore; ready(): Promise<void>; close(): Promise<void> } {
  const large = openLargeBlobStore(dir, store, env);
  // Connections of its own: a put made inside a transaction never waits for that transaction's.
  const db = openPool(databaseUrl, logger, 2);
  return {
    blobs: withInlineBlobs(large, db),
    ready: async () => {
      if ('ready' in large) await large.ready();
    },
    close: async () => {
      if ('close' in large) large.close();
      await db.destroy();
    },
  };
}

/** The store for blobs above the inline limit, as configured. */
export function openLargeBlobStore(dir: string, store: BlobStoreConfig, env: NodeJS.ProcessEnv = process.env): BlobStore | ObjectBlobStore {
  switch (store.kind) {
    case 'disk':
      return createLocalDiskBlobStore(dir);
    case 's3':
      return createS3BlobStore(store, { spoolDir: join(dir, 'spool'), env });
    case 'azure':
      return createAzureBlobStore(store, { spoolDir: join(dir, 'spool'), env });
  }
}
