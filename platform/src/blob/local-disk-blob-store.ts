/**
 * @module
 * Blob store on the local disk: `<dir>/ab/<sha256>`. 256 folders: after warm-up no blob needs a
 * new folder (a mkdir per blob showed in profiles), and large folders are cheap on today's file
 * systems. Writes go to a temporary file renamed into place once its hash is known, so a crash
 * never leaves a half blob under a hash; and a put resolves only once the bytes and the name are
 * on disk (durable-fs.ts), since the caller's next step is a commit that refers to the blob.
 * Temporary files (`tmp/<writer>`, `ab/<sha256>.<writer>.tmp`) name their writer
 * (temporary-names.ts), so `removeTemporaries` can tell a dead writer's from a live one's.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { close as fsClose, open as fsOpen, read as fsRead } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { type BlobStore, BlobNotFoundError, BlobTooLargeError, type PutResult, type StoredBlob } from './blob-store.ts';
import { createDurableFs, type DurableFs } from './durable-fs.ts';
import { temporaryName, writerGone } from './temporary-names.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const FAN_OUT = /^[0-9a-f]{2}$/;

/** Names in a folder; none when it does not exist (yet). */
async function namesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
}

/** Largest blob written with synchronous calls (see putBuffer). */
const SYNC_WRITE_MAX = 256 * 1024;

export function createLocalDiskBlobStore(dir: string, durable: DurableFs = createDurableFs()): BlobStore {
  const pathOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(dir, sha256.slice(0, 2), sha256);
  };
  const tmpDir = join(dir, 'tmp');
  // Fan-out directories already made by this process: saves a mkdir per blob on the hot path.
  const made = new Set<string>();
  const ensureDir = async (d: string) => {
    if (made.has(d)) return;
    await mkdir(d, { recursive: true });
    made.add(d);
  };

  async function commit(tmp: string, sha256: string): Promise<void> {
    const target = pathOf(sha256);
    await ensureDir(dirname(target));
    await rename(tmp, target);
    await durable.syncDir(dirname(target));
  }

  return {
    localPath: (sha256) => {
      const p = pathOf(sha256);
      return existsSync(p) ? p : undefined;
    },
    async put(body, opts = {}): Promise<PutResult> {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, temporaryName());
      const out = createWriteStream(tmp, { flush: true }); // fsync before close
      const hash = createHash('sha256');
      let bytes = 0;
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          if (opts.maxBytes !== undefined && bytes > opts.maxBytes) throw new BlobTooLargeError(opts.maxBytes);
          hash.update(chunk);
          if (!out.write(chunk)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
      } catch (e) {
        out.destroy();
        await rm(tmp, { force: true });
        throw e;
      }
      const sha256 = hash.digest('hex');
      await commit(tmp, sha256);
      return { sha256, bytes };
    },
    async putBuffer(body) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      const target = pathOf(sha256);
      // Written beside its final name and renamed into place: same bytes under the same name,
      // so a concurrent or earlier write of the same blob is harmless.
      const tmp = `${target}.${temporaryName()}.tmp`;
      const d = dirname(target);
      // Already stored: the name appears only after its bytes were synced. Its folder entry may
      // still be on its way to the disk (a concurrent put of the same bytes), hence the sync.
      if (existsSync(target)) {
        // Renewed, so the orphan sweep does not take it before the caller's row names it.
        const now = new Date();
        await utimes(target, now, now).catch(() => undefined);
        await durable.syncDir(d);
        return { sha256, bytes: body.length };
      }
      try {
        if (body.length <= SYNC_WRITE_MAX) {
          // Small blobs (wire messages, receipts: a few KB, several per letter): open, write,
          // close and rename synchronously — ~50 µs of CPU against ~170 µs for the thread-pool
          // round trips of the async calls (measured on the 2-core machine); only the waits for
          // the disk go to the thread pool.
          if (!made.has(d)) {
            mkdirSync(d, { recursive: true });
            made.add(d);
          }
          const fd = openSync(tmp, 'w');
          try {
            for (let at = 0; at < body.length;) at += writeSync(fd, body, at);
            await durable.syncData(fd);
          } finally {
            closeSync(fd);
          }
        } else {
          await ensureDir(d);
          const file = await open(tmp, 'w');
          try {
            await file.writeFile(body);
            await durable.syncData(file.fd);
          } finally {
            await file.close();
          }
        }
        renameSync(tmp, target);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      await durable.syncDir(d);
      return { sha256, bytes: body.length };
    },
    async read(sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
        throw e;
      }
    },
    stream(sha256): Readable {
      // Callers tell a missing blob by its class, whatever the store; the open is where it shows.
      return createReadStream(pathOf(sha256), {
        fs: {
          open: (path: string, flags: string, mode: number, cb: (e: NodeJS.ErrnoException | null, fd?: number) => void) =>
            fsOpen(path, flags, mode, (e, fd) => {
              const missing = e?.code === 'ENOENT' ? Object.assign(new BlobNotFoundError(sha256), { code: 'ENOENT' }) : undefined;
              cb(missing ?? e, fd);
            }),
          read: fsRead,
          close: fsClose,
        },
      });
    },
    async size(sha256) {
      try {
        return (await stat(pathOf(sha256))).size;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
        throw e;
      }
    },
    async readRange(sha256, begin, end) {
      const file = await open(pathOf(sha256), 'r').catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'ENOENT' ? new BlobNotFoundError(sha256) : e;
      });
      try {
        const out = Buffer.alloc(Math.max(0, end - begin));
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await file.read(out, done, out.length - done, begin + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return out.subarray(0, done);
      } finally {
        await file.close();
      }
    },
    async exists(sha256) {
      try {
        await stat(pathOf(sha256));
        return true;
      } catch {
        return false;
      }
    },
    async *list(): AsyncIterable<StoredBlob> {
      for (const sub of (await namesIn(dir)).filter((n) => FAN_OUT.test(n)).sort()) {
        for (const name of await namesIn(join(dir, sub))) {
          if (!SHA256.test(name)) continue;
          const st = await stat(join(dir, sub, name)).catch(() => undefined); // deleted meanwhile
          if (st) yield { sha256: name, modifiedAt: st.mtime };
        }
      }
    },
    async removeTemporaries(olderThanMs) {
      const now = Date.now();
      let removed = 0;
      const sweep = async (folder: string, names: string[], writerOf: (name: string) => string) => {
        for (const name of names) {
          const path = join(folder, name);
          const st = await stat(path).catch(() => undefined);
          if (!st?.isFile()) continue;
          if (!writerGone(writerOf(name)) && now - st.mtimeMs < olderThanMs) continue;
          await rm(path, { force: true });
          removed++;
        }
      };
      await sweep(tmpDir, await namesIn(tmpDir), (n) => n);
      for (const sub of (await namesIn(dir)).filter((n) => FAN_OUT.test(n))) {
        const temps = (await namesIn(join(dir, sub))).filter((n) => n.endsWith('.tmp'));
        // `<sha256>.<writer>.tmp`
        await sweep(join(dir, sub), temps, (n) => n.slice(65, -4));
      }
      return removed;
    },
    async delete(sha256) {
      const target = pathOf(sha256);
      const gone = await unlink(target).then(
        () => true,
        (e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
          return false;
        },
      );
      // Retention deletes personal data: it must not come back after a power cut.
      if (gone) await durable.syncDir(dirname(target));
    },
  };
}
