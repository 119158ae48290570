import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashMidPut, testBlobStore } from '../../test/blob/blob-store-conformance.ts';
import { listS3Keys as keys, startS3rver } from '../../test/blob/object-store-servers.ts';
import { type BlobStoreConfig, blobStoreConfigSchema, BlobStoreConfigError, type S3BlobStoreConfig } from './blob-store-config.ts';
import { createS3BlobStore } from './s3-blob-store.ts';

type Server = Awaited<ReturnType<typeof startS3rver>>;
const env = { BLOB_KEY_ID: 'S3RVER', BLOB_SECRET: 'S3RVER' };
const configOf = (s: Server, extra: Record<string, unknown> = {}) =>
  blobStoreConfigSchema.parse({
    kind: 's3',
    bucket: s.bucket,
    endpoint: s.endpoint,
    forcePathStyle: true,
    prefix: 'blobs/',
    accessKeyIdEnv: 'BLOB_KEY_ID',
    secretAccessKeyEnv: 'BLOB_SECRET',
    ...extra,
  }) as S3BlobStoreConfig;

testBlobStore('S3 (s3rver)', async () => {
  const server = await startS3rver();
  const spoolDir = mkdtempSync(join(tmpdir(), 'spool-'));
  const open = () => createS3BlobStore(configOf(server), { spoolDir, env });
  const store = open();
  await store.ready();
  return {
    store,
    reopen: open,
    list: () => keys(server),
    spoolDir,
    // AWS S3 renews Last-Modified on a copy onto itself (how a put of stored bytes renews a blob); s3rver keeps the old one.
    renewalUnobservable: 's3rver keeps the Last-Modified of an object copied onto itself',
    close: server.stop,
  };
});

describe('S3 blob store', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('leaves no object after a crash mid-upload, and its spool file is removed by the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const config: BlobStoreConfig = configOf(server, { partSize: 5 * 1024 * 1024, uploadConcurrency: 1 });
    // Parts of a multipart upload in progress: s3rver keeps them in a folder of its own, which
    // S3's API does not show (it has no ListMultipartUploads).
    const partsUploaded = async () =>
      readdirSync(server.dir, { recursive: true, withFileTypes: true }).some(
        (e) => e.isFile() && /_S3rver_uploads/.test(e.parentPath) && /^\d+$/.test(e.name),
      );
    const crash = await crashMidPut(config, dir, env, 30, partsUploaded);
    expect(crash.finished).toBe(false);
    expect(await keys(server)).not.toContain(crash.sha256);
    expect(await keys(server, '')).toEqual([]);
    // The dead writer's spool file is still there until a store opens on the folder.
    expect(readdirSync(join(dir, 'spool'))).toHaveLength(1);
    const store = createS3BlobStore(config as S3BlobStoreConfig, { spoolDir: join(dir, 'spool'), env });
    await expect.poll(() => readdirSync(join(dir, 'spool'))).toEqual([]);
    expect(await store.exists(crash.sha256)).toBe(false);
    // s3rver cannot list incomplete uploads: the sweep says so rather than claiming none.
    expect(await store.sweepIncompleteUploads(0)).toBeUndefined();
  });

  it('says which field to fix when the bucket, the credentials or their variables are wrong', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'spool-'));
    await expect(createS3BlobStore(configOf(server, { bucket: 'no-such-bucket' }), { spoolDir, env }).ready()).rejects.toThrow(
      /blobStore\.bucket: .*no-such-bucket/,
    );
    await expect(
      createS3BlobStore(configOf(server), { spoolDir, env: { BLOB_KEY_ID: 'NOT-A-KEY', BLOB_SECRET: 'S3RVER' } }).ready(),
    ).rejects.toThrow(/blobStore\.accessKeyIdEnv: the credentials are refused/);
    expect(() => createS3BlobStore(configOf(server), { spoolDir, env: {} })).toThrow(
      new BlobStoreConfigError('blobStore.accessKeyIdEnv: the variable BLOB_KEY_ID is not set; set it to the access key id'),
    );
    await expect(createS3BlobStore(configOf(server, { endpoint: 'http://127.0.0.1:9' }), { spoolDir, env }).ready()).rejects.toThrow(
      /blobStore\.endpoint: cannot reach/,
    );
  });

  it('removes only spool files whose writer is gone', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'spool-'));
    writeFileSync(join(spoolDir, `${process.pid}-mine`), 'a body being hashed by this process');
    writeFileSync(join(spoolDir, '999999999-dead'), 'left by a process that died');
    createS3BlobStore(configOf(server), { spoolDir, env });
    await expect.poll(() => readdirSync(spoolDir)).toEqual([`${process.pid}-mine`]);
  });
});
