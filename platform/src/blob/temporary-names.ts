/**
 * @module
 * Names of temporary files that say who writes them: `<host>~<pid>~<uuid>`. A process that
 * starts can then remove at once what a dead process of the same machine left (a crash
 * mid-upload), and leaves the files of live writers, and of other machines sharing the folder,
 * to the age limit.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const HOST = hostname().replace(/~/g, '-');

/** A fresh temporary name owned by this process. */
export function temporaryName(): string {
  return `${HOST}~${process.pid}~${randomUUID()}`;
}

/** Whether the writer named in a temporary name is a process of this machine that has ended. */
export function writerGone(name: string): boolean {
  const [host, pidText] = name.split('~');
  if (host !== HOST || pidText === undefined) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'EPERM';
  }
}
