/**
 * @module
 * Removes what no row will ever name: temporary files of writes that cannot finish (a process
 * killed mid-upload), and blobs older than the grace period that no row names (a process killed
 * after the blob was written but before the row committed, a request refused after its upload).
 * Such blobs are personal data that no retention rule would ever reach.
 *
 * A blob put again is renewed by the store (its age starts over), so one whose row is being
 * written right now is never old enough to be taken.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BlobStore } from './blob-store.ts';
import { unreferencedBlobs } from '../db/blob-references.ts';
import type { Database } from '../db/schema.ts';

/** Temporary files not written to for this long belong to a writer that is gone (any machine). */
export const TEMPORARY_MAX_AGE_MS = 3600 * 1000;

export interface BlobSweepReport {
  /** Temporary files removed. */
  temporaries: number;
  /** Blobs older than the grace period that were looked up. */
  checked: number;
  /** Of those, removed because no row names them. */
  orphans: number;
}

/**
 * One sweep; logs one line with its counts.
 * @example await sweepOrphanBlobs(rt, { graceMs: 24 * 3600_000 });
 */
export async function sweepOrphanBlobs(
  rt: { db: Kysely<Database>; blobs: BlobStore; logger: Logger },
  opts: { graceMs: number; now?: Date },
): Promise<BlobSweepReport> {
  const now = (opts.now ?? new Date()).getTime();
  const temporaries = await rt.blobs.removeTemporaries(Math.min(opts.graceMs, TEMPORARY_MAX_AGE_MS));
  let checked = 0;
  const old = async function* () {
    for await (const b of rt.blobs.list()) {
      if (now - b.modifiedAt.getTime() < opts.graceMs) continue;
      checked++;
      yield b.sha256;
    }
  };
  const orphans = await unreferencedBlobs(rt.db, old());
  for (const sha256 of orphans) await rt.blobs.delete(sha256);
  const report = { temporaries, checked, orphans: orphans.length };
  rt.logger.info({ ...report, graceHours: opts.graceMs / 3600_000 }, 'blob sweep: removed orphan blobs and temporary files');
  return report;
}
