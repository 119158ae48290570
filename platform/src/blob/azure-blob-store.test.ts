import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashMidPut, testBlobStore } from '../../test/blob/blob-store-conformance.ts';
import { generatedBody, generatedSha } from '../../test/blob/generated-body.ts';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite } from '../../test/blob/object-store-servers.ts';
import { type AzureBlobStoreConfig, blobStoreConfigSchema } from './blob-store-config.ts';
import { createAzureBlobStore } from './azure-blob-store.ts';

type Server = Awaited<ReturnType<typeof startAzurite>>;
const configOf = (extra: Record<string, unknown> = {}) =>
  blobStoreConfigSchema.parse({ kind: 'azure', container: 'brevdue', prefix: 'blobs/', ...extra }) as AzureBlobStoreConfig;

async function container(s: Server): Promise<ContainerClient> {
  const c = BlobServiceClient.fromConnectionString(s.connectionString).getContainerClient('brevdue');
  await c.createIfNotExists();
  return c;
}

/** Committed blobs under the prefix, listed by a client of its own. */
async function names(c: ContainerClient, prefix = 'blobs/'): Promise<string[]> {
  const out: string[] = [];
  for await (const b of c.listBlobsFlat({ prefix })) out.push(b.name.slice(prefix.length));
  return out;
}

testBlobStore('Azure Blob Storage (Azurite)', async () => {
  const server = await startAzurite();
  const c = await container(server);
  const spoolDir = mkdtempSync(join(tmpdir(), 'spool-'));
  const env = { AZURE_STORAGE_CONNECTION_STRING: server.connectionString };
  const open = () => createAzureBlobStore(configOf(), { spoolDir, env });
  const store = open();
  await store.ready();
  return { store, reopen: open, list: () => names(c), spoolDir, close: server.stop };
});

describe('Azure blob store', () => {
  let server: Server;
  let c: ContainerClient;
  beforeAll(async () => {
    server = await startAzurite();
    c = await container(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('leaves no blob after a crash mid-upload: staged blocks stay uncommitted and invisible', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const env = { AZURE_STORAGE_CONNECTION_STRING: server.connectionString };
    const blob = c.getBlockBlobClient(`blobs/${generatedSha(30, 9)}`);
    const blocksStaged = async () => ((await blob.getBlockList('uncommitted').catch(() => undefined))?.uncommittedBlocks?.length ?? 0) > 0;
    const crash = await crashMidPut(configOf({ blockSize: 2 * 1024 * 1024, uploadConcurrency: 1 }), dir, env, 30, blocksStaged);
    expect(crash.finished).toBe(false);
    expect(await names(c, '')).toEqual([]);
    const store = createAzureBlobStore(configOf(), { spoolDir: join(dir, 'spool'), env });
    expect(await store.exists(crash.sha256)).toBe(false);
    await expect.poll(() => readdirSync(join(dir, 'spool'))).toEqual([]);
    // Put again after the crash: the new block list commits, replacing the dead writer's blocks.
    expect((await store.put(Readable.from(generatedBody(30, 9)))).sha256).toBe(crash.sha256);
    expect(await names(c)).toEqual([crash.sha256]);
  });

  it('signs with an account key or a SAS token, and says which field to fix when they are missing or wrong', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'spool-'));
    const accountUrl = new URL(c.url).origin + `/${AZURITE_ACCOUNT}`;
    const byKey = createAzureBlobStore(configOf({ accountUrl, accountName: AZURITE_ACCOUNT, accountKeyEnv: 'BLOB_KEY' }), {
      spoolDir,
      env: { BLOB_KEY: AZURITE_KEY },
    });
    await byKey.ready();
    const put = await byKey.putBuffer(Buffer.from('signed with the shared key'));
    expect((await byKey.read(put.sha256)).toString()).toBe('signed with the shared key');

    expect(() => createAzureBlobStore(configOf(), { spoolDir, env: {} })).toThrow(
      /blobStore\.connectionStringEnv: the variable AZURE_STORAGE_CONNECTION_STRING is not set/,
    );
    expect(() => createAzureBlobStore(configOf({ accountUrl, sasTokenEnv: 'BLOB_SAS' }), { spoolDir, env: {} })).toThrow(
      /blobStore\.sasTokenEnv: the variable BLOB_SAS is not set/,
    );
    const wrongKey = Buffer.alloc(64, 1).toString('base64');
    await expect(
      createAzureBlobStore(configOf({ accountUrl, accountName: AZURITE_ACCOUNT, accountKeyEnv: 'K' }), {
        spoolDir,
        env: { K: wrongKey },
      }).ready(),
    ).rejects.toThrow(/blobStore\.container: the credentials are refused/);
    const missing = createAzureBlobStore(configOf({ container: 'not-made' }), {
      spoolDir,
      env: { AZURE_STORAGE_CONNECTION_STRING: server.connectionString },
    });
    await expect(missing.ready()).rejects.toThrow(/blobStore\.container: the container "not-made" does not exist/);
  });
});
