import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { testBlobStore } from '../../test/blob/blob-store-conformance.ts';
import { listS3Keys, startAzurite, startS3rver } from '../../test/blob/object-store-servers.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import { blobStoreConfigSchema } from './blob-store-config.ts';
import { openBlobStore } from './open-blob-store.ts';

const logger = pino({ level: 'silent' });

async function migratedDatabase(): Promise<string> {
  const url = await createTestDatabase('blobs');
  const db = openPool(url, logger, 1);
  await migrateToLatest(db);
  await db.destroy();
  return url;
}

// The composition the platform runs in a cluster: small blobs in PostgreSQL, the rest in S3.
testBlobStore('small blobs in PostgreSQL, the rest in S3 (openBlobStore)', async () => {
  const [server, url] = await Promise.all([startS3rver(), migratedDatabase()]);
  const config = blobStoreConfigSchema.parse({
    kind: 's3',
    bucket: server.bucket,
    endpoint: server.endpoint,
    forcePathStyle: true,
    accessKeyIdEnv: 'K',
    secretAccessKeyEnv: 'S',
  });
  const env = { K: server.accessKeyId, S: server.secretAccessKey };
  // Every "process" has a data dir of its own; they share only PostgreSQL and the bucket.
  const opened: ReturnType<typeof openBlobStore>[] = [];
  const open = () => {
    const s = openBlobStore(mkdtempSync(join(tmpdir(), 'data-')), url, logger, config, env);
    opened.push(s);
    return s;
  };
  const first = open();
  await first.ready();
  return {
    store: first.blobs,
    reopen: () => open().blobs,
    list: () => listS3Keys(server, ''),
    // AWS S3 renews Last-Modified on a copy onto itself (how a put of stored bytes renews a blob); s3rver keeps the old one.
    renewalUnobservable: 's3rver keeps the Last-Modified of an object copied onto itself',
    close: async () => {
      for (const s of opened) await s.close();
      await server.stop();
    },
  };
});

describe('openBlobStore', () => {
  let url: string;
  beforeAll(async () => {
    url = await migratedDatabase();
  });

  it('keeps small blobs in PostgreSQL and large ones in the Azure container, both readable by another process', async () => {
    const server = await startAzurite();
    try {
      const container = BlobServiceClient.fromConnectionString(server.connectionString).getContainerClient('brevdue');
      await container.create();
      const config = blobStoreConfigSchema.parse({ kind: 'azure', container: 'brevdue' });
      const env = { AZURE_STORAGE_CONNECTION_STRING: server.connectionString };
      const a = openBlobStore(mkdtempSync(join(tmpdir(), 'data-')), url, logger, config, env);
      const b = openBlobStore(mkdtempSync(join(tmpdir(), 'data-')), url, logger, config, env);
      try {
        await a.ready();
        const small = Buffer.from('{"status":"accepted"}');
        const large = Buffer.alloc(200 * 1024, 5);
        const [s, l] = await Promise.all([a.blobs.putBuffer(small), a.blobs.putBuffer(large)]);
        const inContainer: string[] = [];
        for await (const item of container.listBlobsFlat()) inContainer.push(item.name);
        expect(inContainer).toEqual([l.sha256]);
        expect(await b.blobs.read(s.sha256)).toEqual(small);
        expect(await b.blobs.read(l.sha256)).toEqual(large);
        expect(Buffer.concat(await b.blobs.stream(l.sha256).toArray())).toEqual(large);
        expect(await Promise.all([b.blobs.exists(s.sha256), b.blobs.exists(l.sha256)])).toEqual([true, true]);
        expect(await Promise.all([b.blobs.size!(s.sha256), b.blobs.size!(l.sha256)])).toEqual([small.length, large.length]);
        expect(await b.blobs.readRange!(l.sha256, 10, 14)).toEqual(large.subarray(10, 14));
        expect(b.blobs.localPath?.(l.sha256)).toBeUndefined();
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    } finally {
      await server.stop();
    }
  });

  it('stays on the disk without a blobStore, and refuses a config that names no reachable store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-'));
    const disk = openBlobStore(dir, url, logger);
    try {
      await disk.ready();
      const l = await disk.blobs.putBuffer(Buffer.alloc(100 * 1024, 1));
      expect(disk.blobs.localPath?.(l.sha256)).toBe(join(dir, l.sha256.slice(0, 2), l.sha256));
    } finally {
      await disk.close();
    }
    const unreachable = openBlobStore(
      dir,
      url,
      logger,
      blobStoreConfigSchema.parse({ kind: 's3', bucket: 'brevdue', endpoint: 'http://127.0.0.1:9' }),
      {},
    );
    try {
      await expect(unreachable.ready()).rejects.toThrow(/blobStore\.endpoint: cannot reach http:\/\/127\.0\.0\.1:9/);
    } finally {
      await unreachable.close();
    }
  });
});

describe('blobStoreConfigSchema', () => {
  const issues = (input: unknown) => {
    const r = blobStoreConfigSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('fills the defaults and names the field that is wrong', () => {
    expect(blobStoreConfigSchema.parse({ kind: 's3', bucket: 'brevdue' })).toEqual({
      kind: 's3',
      bucket: 'brevdue',
      region: 'us-east-1',
      forcePathStyle: false,
      prefix: '',
      partSize: 8 * 1024 * 1024,
      uploadConcurrency: 4,
    });
    expect(issues({ kind: 'gcs' })).toEqual(['kind: kind must be "disk", "s3" or "azure"']);
    expect(issues({ kind: 's3', bucket: 'Brevdue_Blobs' })).toEqual([
      'bucket: bucket must be an S3 bucket name (3–63 lower-case letters, digits, dots, dashes)',
    ]);
    expect(issues({ kind: 's3', bucket: 'brevdue', endpoint: 'minio:9000' })).toEqual([
      'endpoint: endpoint must be a URL such as "https://minio.example.dk:9000"',
    ]);
    expect(issues({ kind: 's3', bucket: 'brevdue', accessKeyIdEnv: 'KEY' })).toEqual([
      'secretAccessKeyEnv: give both accessKeyIdEnv and secretAccessKeyEnv, or neither (the AWS default credential chain)',
    ]);
    expect(issues({ kind: 's3', bucket: 'brevdue', prefix: 'blobs' })).toEqual([
      'prefix: prefix must be empty or folder names each ending in "/", e.g. "brevdue/blobs/"',
    ]);
    expect(issues({ kind: 'azure', container: 'brevdue', accountKeyEnv: 'KEY' })).toEqual([
      'accountName: accountName is needed with accountKeyEnv (a shared key signs for one account)',
      'accountUrl: accountUrl is needed with accountKeyEnv or sasTokenEnv, e.g. "https://account.blob.core.windows.net"',
    ]);
    expect(issues({ kind: 'azure', container: 'my--container' })).toEqual([
      'container: container must be an Azure container name (3–63 lower-case letters, digits, single dashes)',
    ]);
  });
});
