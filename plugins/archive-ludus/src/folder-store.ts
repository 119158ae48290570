/**
 * @module
 * The folder drop store: a local or mounted folder, files flushed with fsync before the rename.
 */
import { open, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveError } from '@brevdue/shared/sdk';
import type { DropSession, DropStore } from './drop-store.ts';
import { messages } from './messages.ts';

const TRANSIENT = new Set(['ENOSPC', 'EBUSY', 'EAGAIN', 'EIO', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ECONNRESET', 'ESTALE', 'EINTR']);

/** A drop store over the folder `root`. */
export function folderStore(root: string): DropStore {
  const p = (rel: string) => join(root, ...rel.split('/'));
  const session: DropSession = {
    exists: (rel) =>
      stat(p(rel)).then(
        () => true,
        (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? false : Promise.reject(e)),
      ),
    mkdirp: async (rel) => void (await mkdir(p(rel), { recursive: true })),
    async writeFile(rel, data) {
      const fh = await open(p(rel), 'wx');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    },
    async syncDir(rel) {
      const dh = await open(p(rel), 'r');
      await dh.sync().finally(() => dh.close());
    },
    rename: (from, to) => rename(p(from), p(to)),
    async list(rel) {
      const names = await readdir(p(rel)).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
      const out: Array<{ name: string; mtimeMs: number }> = [];
      for (const name of names) {
        const st = await stat(join(p(rel), name)).catch(() => undefined);
        if (st) out.push({ name, mtimeMs: st.mtimeMs });
      }
      return out;
    },
    rmrf: (rel) => rm(p(rel), { recursive: true, force: true }),
    end: async () => {},
  };
  return {
    describe: root,
    session: async () => session,
    classify(err) {
      if (err instanceof ArchiveError) return err;
      const code = (err as NodeJS.ErrnoException)?.code ?? 'UNKNOWN';
      return TRANSIENT.has(code)
        ? new ArchiveError('transient', `FS_${code}`, messages.transientFs(code), { cause: err })
        : new ArchiveError('permanent', `FS_${code}`, messages.permanentFs(code), { cause: err });
    },
  };
}
