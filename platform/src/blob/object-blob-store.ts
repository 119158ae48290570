/**
 * @module
 * A blob store on an object store (S3, Azure Blob Storage), with the disk store's guarantees:
 *
 * - Content-addressed: a blob lives under `<prefix><sha256>`, and only under that key.
 * - Never a half blob under a hash, and no orphan after a crash: a streamed body is hashed while
 *   it is spooled to a local file, and uploaded only once its hash is known, straight to its final
 *   key. A multipart upload (S3) or a staged block list (Azure) is invisible until its last call
 *   commits it, and that call is atomic: a process that dies mid-upload leaves no object, only
 *   parts that the store drops (Azure after 7 days by itself; S3 by the bucket's
 *   AbortIncompleteMultipartUpload rule, or `sweepIncompleteUploads`). Uploading to a temporary
 *   key and copying would leave a visible orphan when the process dies between copy and delete,
 *   and would move every byte twice inside the store.
 * - Durable before a row names it: a put resolves once the store acknowledged the commit, and
 *   both stores are strongly consistent (read-after-write) and durable on acknowledgement.
 * - Streamed both ways: the spool keeps memory to `partSize × concurrency`; reads stream the
 *   object's body.
 * - Same bytes twice at once: both uploads write identical content to the same key, so either
 *   commit leaves the right object; a body already stored is not uploaded again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type BlobStore, BlobNotFoundError, BlobTooLargeError, type PutResult, type StoredBlob } from './blob-store.ts';

/** A body to upload: in memory, or a spooled file read part by part. */
export type UploadBody = { kind: 'buffer'; data: Buffer } | { kind: 'file'; path: string; bytes: number };

/**
 * The few calls an object store must answer; `createObjectBlobStore` adds hashing, spooling,
 * size limits and key naming on top.
 */
export interface ObjectBackend {
  /** Name for messages (`s3://bucket/prefix`). */
  readonly name: string;
  /** Size of the object, or undefined when there is none. */
  head(key: string): Promise<number | undefined>;
  /**
   * Stores the body under `key`, visible only once complete; resolves once durable.
   * `sha256` (hex) lets a store verify the bytes it received.
   */
  upload(key: string, body: UploadBody, sha256: string): Promise<void>;
  /** The object's bytes `[begin, end)` (all when no range); rejects with `BlobNotFoundError`. */
  get(key: string, sha256: string, range?: { begin: number; end: number }): Promise<Readable>;
  /** Removes the object; a missing one is no error. */
  remove(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, with its last-modified time. */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
  /**
   * Renews the object's last-modified time without moving its bytes, so the orphan sweep does
   * not take a blob put again while the row naming it is being written.
   */
  touch(key: string): Promise<void>;
}

export interface ObjectBlobStoreOptions {
  /** Local folder for bodies being hashed before upload; on the process's own disk. */
  spoolDir: string;
  /** Bodies up to this size are kept in memory rather than spooled (default 8 MiB). */
  memoryMax?: number;
}

const DEFAULT_MEMORY_MAX = 8 * 1024 * 1024;
/** Spool files left by a process that died are removed after this long even if its pid is reused. */
const SPOOL_MAX_AGE_MS = 24 * 3600 * 1000;

/** Where the blob lives in the store. */
export const objectKey = (prefix: string, sha256: string): string => {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `${prefix}${sha256}`;
};

/**
 * Wraps an object store as a `BlobStore`.
 * @throws Error when the spool folder cannot be made.
 */
export function createObjectBlobStore(backend: ObjectBackend, prefix: string, opts: ObjectBlobStoreOptions): BlobStore {
  const memoryMax = opts.memoryMax ?? DEFAULT_MEMORY_MAX;
  mkdirSync(opts.spoolDir, { recursive: true });
  void sweepSpool(opts.spoolDir).catch(() => undefined);
  const keyOf = (sha256: string) => objectKey(prefix, sha256);

  async function store(body: UploadBody, sha256: string): Promise<void> {
    const key = keyOf(sha256);
    // Already there: uploads of documents are often repeated (the same attachment to many).
    if ((await backend.head(key)) !== undefined) return backend.touch(key);
    await backend.upload(key, body, sha256);
  }

  const readAll = async (sha256: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of await backend.get(keyOf(sha256), sha256)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  return {
    async put(body, o = {}): Promise<PutResult> {
      const hash = createHash('sha256');
      let bytes = 0;
      let held: Buffer[] = [];
      let spool: { path: string; file: Awaited<ReturnType<typeof open>> } | undefined;
      try {
        for await (const c of body as AsyncIterable<Uint8Array>) {
          const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
          bytes += chunk.length;
          if (o.maxBytes !== undefined && bytes > o.maxBytes) throw new BlobTooLargeError(o.maxBytes);
          hash.update(chunk);
          if (!spool && bytes <= memoryMax) {
            held.push(chunk);
            continue;
          }
          if (!spool) {
            // The pid in the name lets a later process tell a dead writer's file (sweepSpool).
            const path = join(opts.spoolDir, `${process.pid}-${randomUUID()}`);
            spool = { path, file: await open(path, 'w') };
            for (const h of held) await spool.file.write(h);
            held = [];
          }
          await spool.file.write(chunk);
        }
        await spool?.file.close();
        const sha256 = hash.digest('hex');
        await store(spool ? { kind: 'file', path: spool.path, bytes } : { kind: 'buffer', data: Buffer.concat(held) }, sha256);
        return { sha256, bytes };
      } finally {
        if (spool) {
          await spool.file.close().catch(() => undefined);
          await rm(spool.path, { force: true });
        }
      }
    },
    async putBuffer(body) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      await store({ kind: 'buffer', data: body }, sha256);
      return { sha256, bytes: body.length };
    },
    read: readAll,
    stream(sha256): Readable {
      // The body arrives after a round trip; the stream is handed out at once, as the disk's is.
      return Readable.from(
        (async function* () {
          yield* await backend.get(keyOf(sha256), sha256);
        })(),
        { objectMode: false },
      );
    },
    async exists(sha256) {
      return (await backend.head(keyOf(sha256))) !== undefined;
    },
    async delete(sha256) {
      await backend.remove(keyOf(sha256));
    },
    async *list(): AsyncIterable<StoredBlob> {
      for await (const o of backend.list(prefix)) {
        const sha256 = o.key.slice(prefix.length);
        if (/^[0-9a-f]{64}$/.test(sha256)) yield { sha256, modifiedAt: o.modifiedAt };
      }
    },
    removeTemporaries: (olderThanMs) => sweepSpool(opts.spoolDir, Date.now(), olderThanMs),
    async size(sha256) {
      const n = await backend.head(keyOf(sha256));
      if (n === undefined) throw new BlobNotFoundError(sha256);
      return n;
    },
    async readRange(sha256, begin, end) {
      if (end <= begin) return Buffer.alloc(0);
      const chunks: Buffer[] = [];
      for await (const c of await backend.get(keyOf(sha256), sha256, { begin, end })) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/** Removes spool files whose writer died (a crash mid-put): its pid is gone, or the file is old. */
export async function sweepSpool(dir: string, now = Date.now(), maxAgeMs = SPOOL_MAX_AGE_MS): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    const pid = Number(name.split('-')[0]);
    const path = join(dir, name);
    const age = now - (await stat(path).catch(() => ({ mtimeMs: now }))).mtimeMs;
    if (pid === process.pid && age < maxAgeMs) continue;
    if (pid !== process.pid && isAlive(pid) && age < maxAgeMs) continue;
    await rm(path, { force: true });
    removed++;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a spooled file's part `[begin, begin + length)` into memory for one upload call. */
export async function readPart(path: string, begin: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await fh.read(out, done, length - done, begin + done);
      if (bytesRead === 0) throw new Error(`spool file ${path} ended at ${begin + done}, expected ${begin + length}`);
      done += bytesRead;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** Runs `fn` over `items` with at most `limit` at once; the first failure rejects. */
export async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
