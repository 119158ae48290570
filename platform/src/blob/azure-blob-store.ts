/**
 * @module
 * Blob store on an Azure Blob Storage container, for platform processes on several machines.
 * The guarantees and why they hold: object-blob-store.ts. A body up to `blockSize` is one Put
 * Blob; a larger one is staged block by block on its final name and committed by one Put Block
 * List. Staged blocks are invisible until then, and Azure discards blocks never committed after
 * 7 days: a process that dies mid-upload leaves nothing to clean up.
 *
 * Block ids are the same for the same bytes (hash prefix and index), so two processes uploading
 * one document at once stage identical blocks under identical ids: whichever commits first, the
 * other's commit finds every block it lists (staged or committed) and the blob is the same.
 */
import { Readable } from 'node:stream';
import { BlobServiceClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import { BlobNotFoundError } from './blob-store.ts';
import { type AzureBlobStoreConfig, BlobStoreConfigError } from './blob-store-config.ts';
import { createObjectBlobStore, forEachLimited, type ObjectBackend, readPart, type UploadBody } from './object-blob-store.ts';
import type { ObjectBlobStore } from './s3-blob-store.ts';

const status = (e: unknown) => (e instanceof RestError ? e.statusCode : undefined);

/** The service client from the first credential the config and environment provide. */
function serviceClient(config: AzureBlobStoreConfig, env: NodeJS.ProcessEnv): BlobServiceClient {
  const connectionString = env[config.connectionStringEnv];
  if (connectionString) {
    try {
      return BlobServiceClient.fromConnectionString(connectionString);
    } catch (e) {
      throw new BlobStoreConfigError(
        `blobStore.connectionStringEnv: ${config.connectionStringEnv} holds no valid connection string (${(e as Error).message})`,
      );
    }
  }
  if (config.accountUrl && config.accountKeyEnv && config.accountName) {
    const key = env[config.accountKeyEnv];
    if (!key)
      throw new BlobStoreConfigError(
        `blobStore.accountKeyEnv: the variable ${config.accountKeyEnv} is not set; set it to the storage account's key`,
      );
    return new BlobServiceClient(config.accountUrl, new StorageSharedKeyCredential(config.accountName, key));
  }
  if (config.accountUrl && config.sasTokenEnv) {
    const sas = env[config.sasTokenEnv];
    if (!sas)
      throw new BlobStoreConfigError(
        `blobStore.sasTokenEnv: the variable ${config.sasTokenEnv} is not set; set it to a SAS token for the container`,
      );
    return new BlobServiceClient(`${config.accountUrl}?${sas.replace(/^\?/, '')}`);
  }
  throw new BlobStoreConfigError(
    `blobStore.connectionStringEnv: the variable ${config.connectionStringEnv} is not set; ` +
      'set it, or give accountUrl with accountName and accountKeyEnv, or accountUrl with sasTokenEnv',
  );
}

/**
 * Opens an Azure Blob Storage container as a blob store; makes no request until the first call.
 * @param env where the variables named in the config are read (process.env)
 * @throws BlobStoreConfigError when no credential is set, naming the field.
 * @example
 * // AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...
 * const config = blobStoreConfigSchema.parse({ kind: 'azure', container: 'brevdue' });
 * const blobs = createAzureBlobStore(config, { spoolDir: '/var/lib/brevdue/blobs/spool' });
 * await blobs.ready();
 */
export function createAzureBlobStore(config: AzureBlobStoreConfig, opts: { spoolDir: string; env?: NodeJS.ProcessEnv }): ObjectBlobStore {
  const container = serviceClient(config, opts.env ?? process.env).getContainerClient(config.container);
  const blobOf = (key: string) => container.getBlockBlobClient(key);

  const backend: ObjectBackend = {
    name: `${container.url}/${config.prefix}`,
    async head(key) {
      try {
        return (await blobOf(key).getProperties()).contentLength ?? 0;
      } catch (e) {
        if (status(e) === 404) return undefined;
        throw e;
      }
    },
    async upload(key, body: UploadBody, sha256) {
      const blob = blobOf(key);
      const bytes = body.kind === 'buffer' ? body.data.length : body.bytes;
      if (bytes <= config.blockSize) {
        const data = body.kind === 'buffer' ? body.data : await readPart(body.path, 0, bytes);
        await blob.upload(data, bytes);
        return;
      }
      const count = Math.ceil(bytes / config.blockSize);
      // Ids of one blob must all have the same length; 48 base64 characters here.
      const ids = Array.from({ length: count }, (_, i) =>
        Buffer.from(`${sha256.slice(0, 24)}${String(i).padStart(12, '0')}`).toString('base64'),
      );
      await forEachLimited(
        ids.map((id, i) => ({ id, i })),
        config.uploadConcurrency,
        async ({ id, i }) => {
          const begin = i * config.blockSize;
          const length = Math.min(config.blockSize, bytes - begin);
          const data = body.kind === 'buffer' ? body.data.subarray(begin, begin + length) : await readPart(body.path, begin, length);
          await blob.stageBlock(id, data, length);
        },
      );
      await blob.commitBlockList(ids);
    },
    async get(key, sha256, range): Promise<Readable> {
      try {
        const res = range ? await blobOf(key).download(range.begin, range.end - range.begin) : await blobOf(key).download();
        return res.readableStreamBody as Readable;
      } catch (e) {
        if (status(e) === 404) throw new BlobNotFoundError(sha256);
        if (status(e) === 416 && range) return Readable.from([]);
        throw e;
      }
    },
    async remove(key) {
      await blobOf(key).deleteIfExists();
    },
    async *list(prefix) {
      for await (const b of container.listBlobsFlat({ prefix })) yield { key: b.name, modifiedAt: b.properties.lastModified };
    },
    async touch(key) {
      // Setting metadata renews Last-Modified without moving the bytes.
      await blobOf(key).setMetadata({ brevdueput: new Date().toISOString() });
    },
  };

  return {
    ...createObjectBlobStore(backend, config.prefix, { spoolDir: opts.spoolDir }),
    async ready() {
      let exists: boolean;
      try {
        exists = await container.exists();
      } catch (e) {
        const code = status(e);
        if (code === 403 || code === 401)
          throw new BlobStoreConfigError(
            `blobStore.container: the credentials are refused for "${config.container}" (HTTP ${code}); check the key or SAS token`,
          );
        throw new BlobStoreConfigError(`blobStore.accountUrl: cannot reach ${container.url} (${(e as Error).message})`);
      }
      if (!exists)
        throw new BlobStoreConfigError(
          `blobStore.container: the container "${config.container}" does not exist at ${container.url}; create it or fix the name`,
        );
    },
    // Azure discards blocks never committed after 7 days by itself; nothing to list.
    sweepIncompleteUploads: async () => undefined,
    close: () => {},
  };
}
