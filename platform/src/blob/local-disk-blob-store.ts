/**
 * @module
 * Blob store on the local disk: `<dir>/ab/<sha256>`. 256 folders: after warm-up no blob needs a
 * new folder (a mkdir per blob showed in profiles), and large folders are cheap on today's file
 * systems. Writes go to a temporary file renamed into place once its hash is known, so a crash
 * never leaves a half blob under a hash.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { type BlobStore, BlobNotFoundError, BlobTooLargeError, type PutResult } from './blob-store.ts';

/** Largest blob written with synchronous calls (see putBuffer). */
const SYNC_WRITE_MAX = 256 * 1024;

export function createLocalDiskBlobStore(dir: string): BlobStore {
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
  }

  return {
    pathOf,
    async put(body, opts = {}): Promise<PutResult> {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, randomUUID());
      const out = createWriteStream(tmp);
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
      const tmp = `${target}.${randomUUID()}.tmp`;
      if (body.length <= SYNC_WRITE_MAX) {
        // Small blobs (wire messages, receipts: a few KB, several per letter) are written
        // synchronously: ~50 µs of CPU against ~170 µs for the three thread-pool round trips
        // of the async calls (measured on the 2-core machine), and the main
        // thread is held no longer than the hand-offs would have taken.
        const d = dirname(target);
        if (!made.has(d)) {
          mkdirSync(d, { recursive: true });
          made.add(d);
        }
        writeFileSync(tmp, body);
        renameSync(tmp, target);
        return { sha256, bytes: body.length };
      }
      await ensureDir(dirname(target));
      await writeFile(tmp, body);
      await rename(tmp, target);
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
      return createReadStream(pathOf(sha256));
    },
    async exists(sha256) {
      try {
        await stat(pathOf(sha256));
        return true;
      } catch {
        return false;
      }
    },
    async delete(sha256) {
      await unlink(pathOf(sha256)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    },
  };
}
