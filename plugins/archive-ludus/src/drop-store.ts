/**
 * @module
 * Where a LUDUS drop is written: a local (or mounted) folder or an SFTP server. The export
 * logic is the same for both; a store only knows how to do the file operations and how to turn
 * its failures into `ArchiveError`s (transient to retry, permanent to stop).
 */
import type { ArchiveError } from '@brevdue/shared/sdk';

export interface DropStore {
  /** Where the store writes, for messages (never includes credentials). */
  readonly describe: string;
  /** Opens a session for one export (an SFTP connection; nothing for a folder). */
  session(): Promise<DropSession>;
  /** Maps a failure of this store to an ArchiveError. */
  classify(err: unknown): ArchiveError;
}

/** File operations on paths relative to the drop root ("a/b/c", forward slashes). */
export interface DropSession {
  exists(path: string): Promise<boolean>;
  mkdirp(path: string): Promise<void>;
  /** Writes a new file (fails if it exists) and flushes it where the store can. */
  writeFile(path: string, data: Buffer | string): Promise<void>;
  /** Flushes a folder's entries where the store can. */
  syncDir(path: string): Promise<void>;
  /** Renames a folder; fails when `to` exists. */
  rename(from: string, to: string): Promise<void>;
  /** Names and modification times (ms) of a folder's entries; [] when it does not exist. */
  list(path: string): Promise<Array<{ name: string; mtimeMs: number }>>;
  rmrf(path: string): Promise<void>;
  end(): Promise<void>;
}
