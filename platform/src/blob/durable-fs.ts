/**
 * @module
 * The file-system calls that make a written file survive a power cut: its data synced before
 * it is renamed into place, and the directory synced after, so the new name is on disk before
 * any database row that names the blob commits. A directory sync asked for while one is
 * running waits for the next, which covers every rename made before it starts (group commit):
 * a busy worker renames into the same folder many times per sync.
 */
import { close, fdatasync, fsync, open } from 'node:fs';
import { promisify } from 'node:util';

const openAsync = promisify(open);
const closeAsync = promisify(close);
const fdatasyncAsync = promisify(fdatasync);
const fsyncAsync = promisify(fsync);

export interface DurableFs {
  /** Flushes an open file's data to the disk (on the thread pool). */
  syncData(fd: number): Promise<void>;
  /** Makes the entries renamed into `dir` so far durable. */
  syncDir(dir: string): Promise<void>;
}

export function createDurableFs(
  syncDirNow: (dir: string) => Promise<void> = fsyncDirectory,
  syncData: (fd: number) => Promise<void> = fdatasyncAsync,
): DurableFs {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (dir: string): Promise<void> => {
    const p = syncDirNow(dir).finally(() => {
      if (running.get(dir) === p) running.delete(dir);
    });
    running.set(dir, p);
    return p;
  };
  return {
    syncData,
    syncDir(dir) {
      const current = running.get(dir);
      if (!current) return start(dir);
      // The running sync may have started before the caller's rename: wait for the next one.
      let next = queued.get(dir);
      if (!next) {
        next = current
          .catch(() => undefined)
          .then(() => {
            queued.delete(dir);
            return start(dir);
          });
        queued.set(dir, next);
      }
      return next;
    },
  };
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fd = await openAsync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}
