/**
 * @module
 * Blob store on an S3-compatible bucket (AWS S3, MinIO, Ceph RGW), for platform processes on
 * several machines. The guarantees and why they hold: object-blob-store.ts. A body up to
 * `partSize` is one PutObject; a larger one a multipart upload straight to its final key, aborted
 * when a part fails. Incomplete uploads of a process that died are invisible; the bucket's
 * lifecycle rule (AbortIncompleteMultipartUpload) or `sweepIncompleteUploads` reclaims them.
 */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { BlobNotFoundError, type BlobStore } from './blob-store.ts';
import { BlobStoreConfigError, type S3BlobStoreConfig } from './blob-store-config.ts';
import { createObjectBlobStore, forEachLimited, type ObjectBackend, readPart, type UploadBody } from './object-blob-store.ts';

/** A blob store on an object store, with the calls an operator needs beside the `BlobStore` ones. */
export interface ObjectBlobStore extends BlobStore {
  /**
   * Checks that the bucket or container is there and the credentials reach it; call at start-up.
   * @throws BlobStoreConfigError naming the config field to fix.
   */
  ready(): Promise<void>;
  /**
   * Removes what uploads of crashed processes left (invisible parts) older than `olderThanMs`;
   * answers how many uploads were removed, or undefined when the store cannot list them.
   */
  sweepIncompleteUploads(olderThanMs: number): Promise<number | undefined>;
  /** Closes the client's connections. */
  close(): void;
}

const status = (e: unknown) => (e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined);

/**
 * Opens an S3-compatible bucket as a blob store; makes no request until the first call.
 * @param env where the variables named in the config are read (process.env)
 * @throws BlobStoreConfigError when a credential variable the config names is unset.
 * @example
 * const blobs = createS3BlobStore({ kind: 's3', bucket: 'brevdue', region: 'eu-north-1', forcePathStyle: false,
 *   prefix: '', partSize: 8 << 20, uploadConcurrency: 4 }, { spoolDir: '/var/lib/brevdue/blobs/spool' });
 * await blobs.ready();
 */
export function createS3BlobStore(
  config: S3BlobStoreConfig,
  opts: { spoolDir: string; env?: NodeJS.ProcessEnv; client?: S3ClientConfig },
): ObjectBlobStore {
  const env = opts.env ?? process.env;
  let credentials: S3ClientConfig['credentials'];
  if (config.accessKeyIdEnv && config.secretAccessKeyEnv) {
    const accessKeyId = env[config.accessKeyIdEnv];
    const secretAccessKey = env[config.secretAccessKeyEnv];
    if (!accessKeyId)
      throw new BlobStoreConfigError(
        `blobStore.accessKeyIdEnv: the variable ${config.accessKeyIdEnv} is not set; set it to the access key id`,
      );
    if (!secretAccessKey)
      throw new BlobStoreConfigError(
        `blobStore.secretAccessKeyEnv: the variable ${config.secretAccessKeyEnv} is not set; set it to the secret key`,
      );
    credentials = { accessKeyId, secretAccessKey };
  }
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials,
    // The SDK adds CRC32 checksums (and aws-chunked bodies) to every upload by default since
    // 3.729; MinIO before 2025, Ceph before Squid and s3rver refuse or mis-store those. SigV4's
    // payload hash already covers each request's bytes.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...opts.client,
  });
  const Bucket = config.bucket;
  const where = `s3://${Bucket}/${config.prefix}`;

  const backend: ObjectBackend = {
    name: where,
    async head(Key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket, Key }))).ContentLength ?? 0;
      } catch (e) {
        if (status(e) === 404) return undefined;
        throw e;
      }
    },
    async upload(Key, body: UploadBody) {
      if (body.kind === 'buffer' && body.data.length <= config.partSize) {
        await client.send(new PutObjectCommand({ Bucket, Key, Body: body.data, ContentLength: body.data.length }));
        return;
      }
      const bytes = body.kind === 'buffer' ? body.data.length : body.bytes;
      if (body.kind === 'file' && bytes <= config.partSize) {
        const data = await readPart(body.path, 0, bytes);
        await client.send(new PutObjectCommand({ Bucket, Key, Body: data, ContentLength: bytes }));
        return;
      }
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      const count = Math.ceil(bytes / config.partSize);
      const parts: { PartNumber: number; ETag: string }[] = new Array(count);
      try {
        const numbers = Array.from({ length: count }, (_, i) => i + 1);
        await forEachLimited(numbers, config.uploadConcurrency, async (PartNumber) => {
          const begin = (PartNumber - 1) * config.partSize;
          const length = Math.min(config.partSize, bytes - begin);
          // One part in memory at a time per slot: a 100 MB body costs partSize × concurrency.
          const Body = body.kind === 'buffer' ? body.data.subarray(begin, begin + length) : await readPart(body.path, begin, length);
          const { ETag } = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ContentLength: length }));
          parts[PartNumber - 1] = { PartNumber, ETag: ETag ?? '' };
        });
        await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
      } catch (e) {
        // Best effort: a store that cannot abort (or a lost connection) leaves invisible parts for the sweep.
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
        throw e;
      }
    },
    async get(Key, sha256, range): Promise<Readable> {
      try {
        const res = await client.send(
          new GetObjectCommand({ Bucket, Key, Range: range ? `bytes=${range.begin}-${range.end - 1}` : undefined }),
        );
        return res.Body as Readable;
      } catch (e) {
        if (status(e) === 404) throw new BlobNotFoundError(sha256);
        // A range that starts at or past the end: empty, as a file read there would be.
        if (status(e) === 416 && range) return Readable.from([]);
        throw e;
      }
    },
    async remove(Key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key }));
    },
    async *list(Prefix) {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, modifiedAt: o.LastModified ?? new Date(0) };
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async touch(Key) {
      // A copy onto itself with new metadata: the store's own copy, no bytes through us.
      const CopySource = `${Bucket}/${Key.split('/').map(encodeURIComponent).join('/')}`;
      await client.send(
        new CopyObjectCommand({
          Bucket,
          Key,
          CopySource,
          MetadataDirective: 'REPLACE',
          Metadata: { 'brevdue-put': new Date().toISOString() },
        }),
      );
    },
  };

  const objects = createObjectBlobStore(backend, config.prefix, { spoolDir: opts.spoolDir });
  const store: ObjectBlobStore = {
    ...objects,
    // Spool files of dead writers here, and the invisible parts of uploads they began in the bucket.
    async removeTemporaries(olderThanMs) {
      const spooled = await objects.removeTemporaries(olderThanMs);
      return spooled + ((await store.sweepIncompleteUploads(olderThanMs)) ?? 0);
    },
    async ready() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (e) {
        const code = status(e);
        if (code === 404)
          throw new BlobStoreConfigError(
            `blobStore.bucket: the bucket "${Bucket}" does not exist at ${config.endpoint ?? 'AWS'}; create it or fix the name`,
          );
        if (code === 403 || code === 401) {
          throw new BlobStoreConfigError(
            `blobStore.accessKeyIdEnv: the credentials are refused by the bucket "${Bucket}" (HTTP ${code}); check the key and its policy`,
          );
        }
        throw new BlobStoreConfigError(
          `blobStore.endpoint: cannot reach ${config.endpoint ?? `AWS S3 in ${config.region}`} (${(e as Error).message})`,
        );
      }
    },
    async sweepIncompleteUploads(olderThanMs) {
      let removed = 0;
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      const before = Date.now() - olderThanMs;
      for (;;) {
        let page;
        try {
          page = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: config.prefix, KeyMarker, UploadIdMarker }));
        } catch (e) {
          if (status(e) === 501) return undefined; // not implemented by this store: rely on its own expiry
          throw e;
        }
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || (u.Initiated && u.Initiated.getTime() > before)) continue;
          await client.send(new AbortMultipartUploadCommand({ Bucket, Key: u.Key, UploadId: u.UploadId }));
          removed++;
        }
        if (!page.IsTruncated) return removed;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
    },
    close: () => client.destroy(),
  };
  return store;
}
