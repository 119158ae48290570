/**
 * @module
 * Decides which pages make up which letter of a merged PDF, from the identifiers found on each
 * page. Pure: the worker threads read the pages, this plans, the workers write the letters.
 */

/** A recipient's identifier. */
export interface Recipient {
  idType: 'CPR' | 'CVR';
  id: string;
}

/** How to split: by the recipient identifier each letter starts with, or by a fixed page count. */
export type SplitBy = { by: 'identifier' } | { by: 'pages'; pagesPerLetter: number };

/** One letter of a split, before it is written. */
export interface PlannedLetter {
  /** The recipient (for `pages`: the first identifier on the letter's pages, if any). */
  recipient?: Recipient;
  /** 1-based page numbers of the source, ascending. */
  pages: number[];
}

/** The letters and the pages that belong to none. */
export interface LetterPlan {
  letters: PlannedLetter[];
  /** 1-based pages before the first identifier (by identifier only); never dropped silently. */
  unassignedPages: number[];
}

/**
 * Plans the letters of a merged document.
 * - `identifier`: a letter starts on a page whose first CPR/CVR differs from the current letter's
 *   recipient; a page without one belongs to the letter before; pages before the first
 *   identifier are unassigned.
 * - `pages`: every `pagesPerLetter` pages make a letter (the last may be shorter).
 * @param firstIds per page (index 0 = page 1): every identifier on the page, in reading order
 * @example planLetters([[a], [], [b]], { by: 'identifier' }) // letters: [a: 1,2], [b: 3]
 * @throws RangeError for a `pagesPerLetter` that is not a whole number ≥ 1
 */
export function planLetters(idsPerPage: ReadonlyArray<readonly Recipient[]>, how: SplitBy): LetterPlan {
  const letters: PlannedLetter[] = [];
  const unassignedPages: number[] = [];
  if (how.by === 'pages') {
    const n = how.pagesPerLetter;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`split option "pagesPerLetter" must be a whole number ≥ 1, not ${String(n)}`);
    for (let first = 1; first <= idsPerPage.length; first += n) {
      const pages = Array.from({ length: Math.min(n, idsPerPage.length - first + 1) }, (_, i) => first + i);
      const recipient = pages.map((p) => idsPerPage[p - 1]?.[0]).find((r) => r !== undefined);
      letters.push(recipient ? { recipient: { ...recipient }, pages } : { pages });
    }
    return { letters, unassignedPages };
  }
  let current: PlannedLetter | undefined;
  idsPerPage.forEach((ids, i) => {
    const page = i + 1;
    const first = ids[0];
    if (first && (!current?.recipient || current.recipient.idType !== first.idType || current.recipient.id !== first.id)) {
      current = { recipient: { idType: first.idType, id: first.id }, pages: [page] };
      letters.push(current);
    } else if (current) current.pages.push(page);
    else unassignedPages.push(page);
  });
  return { letters, unassignedPages };
}
