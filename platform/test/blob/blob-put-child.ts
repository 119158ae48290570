/**
 * @module
 * A process that puts one generated body into a blob store and prints `stored <sha256>`; the
 * crash tests (crashMidPut in blob-store-conformance.ts) kill it mid-upload.
 * Argument: JSON `{ config: BlobStoreConfig, dir, mib }`; secrets come from the environment.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../src/blob/blob-store.ts';
import type { BlobStoreConfig } from '../../src/blob/blob-store-config.ts';
import { generatedBody } from './generated-body.ts';

const { config, dir, mib } = JSON.parse(process.argv[2] ?? '{}') as { config: BlobStoreConfig; dir: string; mib: number };
const spoolDir = join(dir, 'spool');
// Only the module of the store under test: the child starts faster than with the whole platform.
let store: BlobStore;
if (config.kind === 's3') store = (await import('../../src/blob/s3-blob-store.ts')).createS3BlobStore(config, { spoolDir });
else if (config.kind === 'azure') store = (await import('../../src/blob/azure-blob-store.ts')).createAzureBlobStore(config, { spoolDir });
else store = (await import('../../src/blob/local-disk-blob-store.ts')).createLocalDiskBlobStore(dir);
const { sha256 } = await store.put(Readable.from(generatedBody(mib, 9)));
process.stdout.write(`stored ${sha256}\n`);
