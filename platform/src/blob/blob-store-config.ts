/**
 * @module
 * Where the platform keeps blobs larger than the inline limit: `disk` (the default, one machine
 * or a shared file system), `s3` (AWS, MinIO, Ceph and other S3-compatible stores) or `azure`
 * (Azure Blob Storage). Secrets never sit in the config file: it names the environment variables
 * that hold them.
 */
import { z } from 'zod';

const envName = (field: string) => z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `${field} must be an environment variable name`);
const prefix = z
  .string()
  .regex(/^([A-Za-z0-9._-]+\/)*$/, 'prefix must be empty or folder names each ending in "/", e.g. "brevdue/blobs/"')
  .default('');

/**
 * An S3-compatible bucket. Credentials: the variables named by `accessKeyIdEnv` and
 * `secretAccessKeyEnv` when both are set, else the AWS SDK's default chain (AWS_* variables,
 * web identity, instance role).
 * @example
 * { "kind": "s3", "bucket": "brevdue-blobs", "region": "eu-north-1" }
 * { "kind": "s3", "bucket": "brevdue", "endpoint": "https://minio.kommune.local:9000", "forcePathStyle": true,
 *   "accessKeyIdEnv": "MINIO_ACCESS_KEY", "secretAccessKeyEnv": "MINIO_SECRET_KEY" }
 */
export const s3BlobStoreConfigSchema = z
  .object({
    kind: z.literal('s3'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket must be an S3 bucket name (3–63 lower-case letters, digits, dots, dashes)'),
    /** AWS region; MinIO and Ceph accept any, conventionally us-east-1. */
    region: z.string().min(1, 'region must name the region, e.g. "eu-north-1"').default('us-east-1'),
    /** The store's URL when it is not AWS (MinIO, Ceph RGW). */
    endpoint: z.url({ protocol: /^https?$/, message: 'endpoint must be a URL such as "https://minio.example.dk:9000"' }).optional(),
    /** Bucket in the path rather than the host name: MinIO and Ceph usually need it. */
    forcePathStyle: z.boolean().default(false),
    prefix,
    accessKeyIdEnv: envName('accessKeyIdEnv').optional(),
    secretAccessKeyEnv: envName('secretAccessKeyEnv').optional(),
    /** Bytes per part of a multipart upload (S3's minimum is 5 MiB). */
    partSize: z
      .number()
      .int()
      .min(5 * 1024 * 1024, 'partSize must be at least 5242880 (5 MiB, the S3 minimum)')
      .default(8 * 1024 * 1024),
    /** Parts uploaded at once by one put. */
    uploadConcurrency: z.number().int().min(1).max(32).default(4),
  })
  .refine((c) => (c.accessKeyIdEnv === undefined) === (c.secretAccessKeyEnv === undefined), {
    path: ['secretAccessKeyEnv'],
    message: 'give both accessKeyIdEnv and secretAccessKeyEnv, or neither (the AWS default credential chain)',
  });

/**
 * An Azure Blob Storage container. Credentials, first that is set: the connection string in
 * `connectionStringEnv`; `accountUrl` with the shared key in `accountKeyEnv` (and `accountName`);
 * `accountUrl` with a SAS token in `sasTokenEnv`.
 * @example
 * { "kind": "azure", "container": "brevdue-blobs" }   // AZURE_STORAGE_CONNECTION_STRING holds the connection string
 * { "kind": "azure", "container": "brevdue-blobs", "accountUrl": "https://kommuneblobs.blob.core.windows.net",
 *   "sasTokenEnv": "BREVDUE_BLOB_SAS" }
 */
export const azureBlobStoreConfigSchema = z
  .object({
    kind: z.literal('azure'),
    container: z
      .string()
      .regex(
        /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
        'container must be an Azure container name (3–63 lower-case letters, digits, single dashes)',
      ),
    connectionStringEnv: envName('connectionStringEnv').default('AZURE_STORAGE_CONNECTION_STRING'),
    accountUrl: z
      .url({ protocol: /^https?$/, message: 'accountUrl must be a URL such as "https://account.blob.core.windows.net"' })
      .optional(),
    accountName: z.string().min(3).optional(),
    accountKeyEnv: envName('accountKeyEnv').optional(),
    sasTokenEnv: envName('sasTokenEnv').optional(),
    prefix,
    /** Bytes per staged block. */
    blockSize: z
      .number()
      .int()
      .min(1024 * 1024)
      .max(100 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    /** Blocks staged at once by one put. */
    uploadConcurrency: z.number().int().min(1).max(32).default(4),
  })
  .refine((c) => c.accountKeyEnv === undefined || c.accountName !== undefined, {
    path: ['accountName'],
    message: 'accountName is needed with accountKeyEnv (a shared key signs for one account)',
  })
  .refine((c) => (c.accountKeyEnv === undefined && c.sasTokenEnv === undefined) || c.accountUrl !== undefined, {
    path: ['accountUrl'],
    message: 'accountUrl is needed with accountKeyEnv or sasTokenEnv, e.g. "https://account.blob.core.windows.net"',
  });

/**
 * The config's `blobStore` field.
 * @example
 * { "blobStore": { "kind": "disk" } }   // the default: files under <dataDir>/blobs
 */
export const blobStoreConfigSchema = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('disk') }), s3BlobStoreConfigSchema, azureBlobStoreConfigSchema],
  {
    error: 'kind must be "disk", "s3" or "azure"',
  },
);

export type BlobStoreConfig = z.infer<typeof blobStoreConfigSchema>;
export type BlobStoreConfigInput = z.input<typeof blobStoreConfigSchema>;
export type S3BlobStoreConfig = z.infer<typeof s3BlobStoreConfigSchema>;
export type AzureBlobStoreConfig = z.infer<typeof azureBlobStoreConfigSchema>;

/** A blob store config that cannot work as given (a secret's variable unset); names the field and the fix. */
export class BlobStoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobStoreConfigError';
  }
}
