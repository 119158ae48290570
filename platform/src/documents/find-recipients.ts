/**
 * @module
 * Finds the CPR and CVR numbers in a PDF's text, with the pages each is on (merge letters:
 * one page per recipient). The numbers are personal data: they are returned, never logged.
 */
import { findIdentifiers, type FoundIdentifier } from '@brevdue/shared';
import { pageTexts, type PageText } from './pdf-reader.ts';
import type { RandomAccessSource } from './pdf-source.ts';

/** A recipient found in a document. */
export interface FoundRecipient extends FoundIdentifier {
  /** 1-based page numbers, ascending. */
  pages: number[];
}

/**
 * The ways to read a page's text. pdf.js splits text into items wherever the PDF positions
 * glyphs separately: "010190-4321" may arrive whole, as "010190" + "-4321", or digit by digit.
 * Joined with spaces, split words stay apart; joined with nothing, split numbers come together.
 */
function pageVariants(text: PageText): string[] {
  const join = (sep: string) => text.items.map((i) => i.str + (i.hasEOL ? '\n' : sep)).join('');
  return [join(' '), join('')];
}

/**
 * Reads every page and answers the valid CPR/CVR numbers found, in order of first appearance.
 * @throws PdfUnreadableError when the PDF cannot be opened
 */
export async function findRecipients(src: RandomAccessSource): Promise<FoundRecipient[]> {
  const found = new Map<string, FoundRecipient>();
  for await (const text of pageTexts(src)) {
    for (const variant of pageVariants(text)) {
      for (const id of findIdentifiers(variant)) {
        const key = `${id.idType}:${id.id}`;
        const entry = found.get(key) ?? { ...id, pages: [] };
        if (!entry.pages.includes(text.page)) entry.pages.push(text.page);
        found.set(key, entry);
      }
    }
  }
  return [...found.values()].map((r) => ({ ...r, pages: r.pages.sort((a, b) => a - b) }));
}
