/**
 * @module
 * Runs a split in the background of the API process, on the PDF engine's worker threads: the
 * merged PDF is cut into one PDF per letter (optionally with every CPR number removed), each
 * letter is stored as its own document with the source document's owner, and the split row is
 * updated as it goes. While it runs, the row's heartbeat is touched every few seconds; a split
 * whose heartbeat went stale (its process stopped) is answered as failed, never running forever.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Kysely, sql } from 'kysely';
import type { SplitRequest } from '@brevdue/shared/api';
import type { Runtime } from '../app/runtime-types.ts';
import type { PutResult } from '../blob/blob-store.ts';
import type { Database, DocumentRow } from '../db/schema.ts';
import { discardBlob } from '../documents/document-intake.ts';
import {
  PdfEngineError,
  PdfLimitError,
  PdfRedactionError,
  PdfUnreadableError,
  pdfErrorStatus,
  pdfErrorText,
  type PdfProgress,
  type PdfSource,
  type SplitResult,
} from '../pdf-engine/index.ts';
import { storedError, type StoredSplitError } from './split-messages.ts';

/** How often a running split shows it is alive. */
const HEARTBEAT_MS = 5_000;
/** A running split not touched for this long was interrupted (six heartbeats missed). */
export const STALE_MS = 30_000;
/** Progress is written at most this often. */
const PROGRESS_MS = 500;
/** Letters stored in the blob store at the same time. */
const STORE_CONCURRENCY = 4;
/** Rows per insert of letter documents (PostgreSQL takes at most 65,535 parameters). */
const INSERT_CHUNK = 1000;

/** The error stored for a failed split: the engine's own wording for its errors. */
export function splitError(e: unknown): StoredSplitError {
  if (e instanceof PdfLimitError || e instanceof PdfUnreadableError || e instanceof PdfRedactionError || e instanceof PdfEngineError) {
    const code =
      e instanceof PdfLimitError
        ? `pdf_limit_${e.limit}`
        : e instanceof PdfUnreadableError
          ? `pdf_${e.problem}`
          : e instanceof PdfRedactionError
            ? 'pdf_redaction_incomplete'
            : 'pdf_engine';
    return { code, status: pdfErrorStatus(e), da: pdfErrorText(e, 'da'), en: pdfErrorText(e, 'en') };
  }
  return storedError('split_failed', 500, (m) => m.failed);
}

/**
 * Marks running splits whose heartbeat went stale as failed (their process stopped).
 * @param ids only these splits (all of the organisation's when absent)
 */
export async function failStaleSplits(db: Kysely<Database>, organisationId: string, ids?: string[]): Promise<void> {
  let q = db
    .updateTable('splits')
    .set({ status: 'failed', error: JSON.stringify(storedError('split_interrupted', 500, (m) => m.interrupted)), finished_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', sql<Date>`now() - ${`${STALE_MS} milliseconds`}::interval`);
  if (ids) q = q.where('id', 'in', ids);
  await q.execute();
}

/** The file name of letter `n` (1-based) of `source`: `Skolebreve-brev-0007.pdf`. */
function letterFilename(source: string, n: number, of: number): string {
  const stem = source.replace(/\.pdf$/i, '').slice(0, 180);
  return `${stem}-brev-${String(n).padStart(Math.max(3, String(of).length), '0')}.pdf`;
}

/** Overall progress over both passes (read every page, write every letter's pages), in pages of the document. */
function progressTracker(pages: number) {
  let read = 0;
  let written = 0;
  let toWrite = pages;
  let of = pages;
  return {
    update(p: PdfProgress) {
      if (p.phase === 'read') {
        read = p.pages;
        of = p.of;
      } else {
        written = p.pages;
        toWrite = p.of;
      }
      return { pages: Math.min(of, Math.floor((of * (read + written)) / Math.max(1, of + toWrite))), of };
    },
  };
}

/** Stores each letter's file in the blob store, a few at a time; on failure removes what was stored. */
async function storeLetters(rt: Runtime, result: SplitResult): Promise<PutResult[]> {
  const stored: PutResult[] = new Array(result.letters.length);
  let next = 0;
  const worker = async () => {
    while (next < result.letters.length) {
      const i = next++;
      stored[i] = await rt.blobs.put(createReadStream(result.letters[i]!.path!));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(STORE_CONCURRENCY, result.letters.length) }, worker));
    return stored;
  } catch (e) {
    await Promise.all(stored.filter(Boolean).map((p) => discardBlob(rt, p.sha256).catch(() => {})));
    throw e;
  }
}

/**
 * Splits `source` as the split row `splitId` asks and records the outcome in that row.
 * Never rejects: a failure is recorded as the split's error (and logged without personal data).
 */
export async function runSplit(rt: Runtime, splitId: string, source: DocumentRow, options: SplitRequest): Promise<void> {
  const log = rt.logger.child({ module: 'splits', splitId, documentId: source.id });
  const heartbeat = setInterval(() => {
    rt.db
      .updateTable('splits')
      .set({ heartbeat_at: new Date() })
      .where('id', '=', splitId)
      .where('status', '=', 'running')
      .execute()
      .catch((err: unknown) => log.warn({ err }, 'split heartbeat failed'));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let dir: string | undefined;
  let stored: PutResult[] = [];
  let lastWrite = 0;
  let writing = false;
  const tracker = progressTracker(source.pages ?? 0);
  const onProgress = (p: PdfProgress) => {
    const progress = tracker.update(p);
    if (writing || Date.now() - lastWrite < PROGRESS_MS) return;
    writing = true;
    lastWrite = Date.now();
    rt.db
      .updateTable('splits')
      .set({ progress_pages: progress.pages, progress_of: progress.of, heartbeat_at: new Date() })
      .where('id', '=', splitId)
      .where('status', '=', 'running')
      .execute()
      .catch((err: unknown) => log.warn({ err }, 'split progress not recorded'))
      .finally(() => (writing = false));
  };
  try {
    dir = await mkdtemp(join(tmpdir(), 'brevdue-split-'));
    // A blob kept elsewhere (object store) is copied to a file once: each engine task reads the
    // source itself, and a 99 MB buffer would be copied to a thread per task.
    let path = rt.blobs.localPath?.(source.sha256);
    if (!path) {
      path = join(dir, 'source.pdf');
      await pipeline(rt.blobs.stream(source.sha256), createWriteStream(path));
    }
    const src: PdfSource = { path };
    const how = options.by === 'pages' ? { by: 'pages' as const, pagesPerLetter: options.pagesPerLetter } : { by: 'identifier' as const };
    const result = await rt.pdf.split(src, { ...how, redactCpr: options.redactCpr, outDir: dir }, onProgress);
    stored = await storeLetters(rt, result);
    await rt.db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      for (let from = 0; from < result.letters.length; from += INSERT_CHUNK) {
        const rows = await trx
          .insertInto('documents')
          .values(
            result.letters.slice(from, from + INSERT_CHUNK).map((l, j) => ({
              organisation_id: source.organisation_id,
              created_by_user: source.created_by_user,
              created_by_token: source.created_by_token,
              team: source.team,
              sha256: stored[from + j]!.sha256,
              bytes: stored[from + j]!.bytes,
              media_type: 'application/pdf',
              filename: letterFilename(source.filename, from + j + 1, result.letters.length),
              pages: l.pages.length,
              source: 'split',
            })),
          )
          .returning('id')
          .execute();
        ids.push(...rows.map((r) => r.id));
      }
      const letters = result.letters.map((l, i) => ({
        recipient: l.recipient ? { idType: l.recipient.idType, id: l.recipient.id, ...(l.addressee ? { name: l.addressee } : {}) } : null,
        pages: l.pages,
        document: ids[i]!,
      }));
      const updated = await trx
        .updateTable('splits')
        .set({
          status: 'done',
          letters: JSON.stringify(letters),
          unassigned_pages: JSON.stringify(result.unassignedPages),
          progress_pages: result.pages,
          progress_of: result.pages,
          finished_at: new Date(),
        })
        .where('id', '=', splitId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      // Declared interrupted meanwhile (a stall past the heartbeat): its letters are not kept.
      if (updated.numUpdatedRows === 0n) throw new Error('the split was no longer running');
    });
    // Counts only: the recipients are personal data.
    log.info(
      { pages: result.pages, letters: result.letters.length, unassigned: result.unassignedPages.length, redactCpr: options.redactCpr },
      'document split',
    );
  } catch (e) {
    if (stored.length > 0) await Promise.all(stored.map((p) => discardBlob(rt, p.sha256).catch(() => {})));
    const error = splitError(e);
    if (error.status >= 500) log.warn({ err: e }, 'split failed');
    else log.info({ code: error.code }, 'split refused');
    await rt.db
      .updateTable('splits')
      .set({ status: 'failed', error: JSON.stringify(error), finished_at: new Date() })
      .where('id', '=', splitId)
      .where('status', '=', 'running')
      .execute()
      .catch((err: unknown) => log.warn({ err }, 'split failure not recorded'));
  } finally {
    clearInterval(heartbeat);
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}
