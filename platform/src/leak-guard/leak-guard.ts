/**
 * @module
 * The leak guard: before a letter goes, the text of its documents is read for CPR numbers other
 * than its recipient's. A letter that carries one is held for review with the reason and never
 * sent. It runs at preview, at shipment creation and in the send worker (the last line of
 * defence: a document is checked again in the process that sends it).
 *
 * Documents are content-addressed, so what a document holds is read once per process and kept
 * by its SHA-256 (a shipment of 10,000 letters with one shared document reads it once). The
 * numbers stay in memory; they are never logged or stored.
 */
import type { BlobStore } from '../blob/blob-store.ts';
import type { DocumentRow } from '../db/schema.ts';
import {
  PdfLimitError,
  PdfRedactionError,
  PdfUnreadableError,
  type Lang,
  type PdfEngine,
  type PdfError,
  type PdfSource,
} from '../pdf-engine/index.ts';
import { checkFailedDetail, leakGuardMessages } from './leak-guard-messages.ts';

/** The fields of a document row the guard reads. */
export type GuardedDocument = Pick<DocumentRow, 'id' | 'filename' | 'sha256' | 'media_type'>;

/** The guard's answer for one letter. */
export type LeakVerdict =
  | { held: false }
  | {
      held: true;
      /** The first document found carrying another CPR number (or that could not be read). */
      documentId: string;
      /** Its 1-based pages with another CPR number (empty when it could not be read). */
      pages: number[];
      /** For people: what is wrong and what to do; never the number itself. */
      reason: string;
    };

/** One letter to check: its recipient and its documents. */
export interface GuardedLetter {
  recipient: { idType: string; id: string };
  documents: readonly GuardedDocument[];
  /** CPR numbers the letter may carry besides its recipient's: a guardian copy carries the child's. */
  alsoAllowed?: readonly string[];
}

/** Checks letters for other people's CPR numbers. */
export interface LeakGuard {
  /**
   * The verdict of each letter, in order.
   * @throws PdfEngineError when the engine itself failed (not the document's fault): try again later
   */
  check(letters: readonly GuardedLetter[], lang?: Lang): Promise<LeakVerdict[]>;
}

type Found = { ok: true; cprs: Map<string, number[]> } | { ok: false; error: PdfError };

// Enough for a merge run of 5,000 letters to be previewed and then created without reading any
// document twice; an entry is a few CPR numbers.
const CACHE_ENTRIES = 20_000;
// The engine has two threads; a few more checks queued keep them busy.
const CONCURRENCY = 4;

const guards = new WeakMap<PdfEngine, LeakGuard>();

/**
 * The leak guard of a runtime (one per PDF engine, so one cache per process).
 * @example
 * const [verdict] = await leakGuardFor(rt).check([{ recipient, documents: [mainDocumentRow] }]);
 * if (verdict.held) hold(letter, verdict.reason);
 */
export function leakGuardFor(rt: { pdf: PdfEngine; blobs: BlobStore }): LeakGuard {
  let guard = guards.get(rt.pdf);
  if (!guard) {
    guard = createLeakGuard(rt.pdf, rt.blobs);
    guards.set(rt.pdf, guard);
  }
  return guard;
}

function createLeakGuard(engine: PdfEngine, blobs: BlobStore): LeakGuard {
  const cache = new Map<string, Promise<Found>>();

  async function source(sha256: string): Promise<PdfSource> {
    const path = blobs.localPath?.(sha256);
    return path ? { path } : { bytes: await blobs.read(sha256) };
  }

  /** Every CPR number in a document with its pages, read once per SHA-256. */
  function cprsOf(doc: GuardedDocument): Promise<Found> {
    const hit = cache.get(doc.sha256);
    if (hit) {
      // Most recently used last: the oldest entry is the first to go.
      cache.delete(doc.sha256);
      cache.set(doc.sha256, hit);
      return hit;
    }
    const found = (async (): Promise<Found> => {
      try {
        const report = await engine.leakCheck(await source(doc.sha256), []);
        return { ok: true, cprs: new Map(report.foreign.map((f) => [f.cpr, f.pages])) };
      } catch (e) {
        // The document's own fault (too large, unreadable): the letter is held, the answer kept.
        if (e instanceof PdfLimitError || e instanceof PdfUnreadableError || e instanceof PdfRedactionError) return { ok: false, error: e };
        throw e;
      }
    })();
    cache.set(doc.sha256, found);
    // Engine trouble is not the document's: the next check tries again.
    found.catch(() => cache.delete(doc.sha256));
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    return found;
  }

  async function checkOne(letter: GuardedLetter, lang: Lang): Promise<LeakVerdict> {
    const own = new Set((letter.alsoAllowed ?? []).map((id) => id.replace(/\D/g, '')));
    if (letter.recipient.idType === 'CPR') own.add(letter.recipient.id.replace(/\D/g, ''));
    const msg = leakGuardMessages(lang);
    for (const doc of letter.documents) {
      if (doc.media_type !== 'application/pdf') continue;
      const found = await cprsOf(doc);
      if (!found.ok)
        return { held: true, documentId: doc.id, pages: [], reason: msg.unreadable(doc.filename, checkFailedDetail(found.error, lang)) };
      const foreign = [...found.cprs].filter(([cpr]) => !own.has(cpr));
      if (foreign.length > 0) {
        const pages = [...new Set(foreign.flatMap(([, p]) => p))].sort((a, b) => a - b);
        return { held: true, documentId: doc.id, pages, reason: msg.foreignCpr(doc.filename, foreign.length, pages) };
      }
    }
    return { held: false };
  }

  return {
    async check(letters, lang = 'da') {
      const out: LeakVerdict[] = new Array(letters.length);
      let next = 0;
      const worker = async () => {
        while (next < letters.length) {
          const i = next++;
          out[i] = await checkOne(letters[i]!, lang);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, letters.length) }, worker));
      return out;
    },
  };
}
