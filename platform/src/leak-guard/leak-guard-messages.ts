/**
 * @module
 * What the leak guard says about a held letter: Danish by default, English by a switch. The
 * texts name the document and pages, never a CPR number.
 */
import { pdfErrorText, type Lang, type PdfError } from '../pdf-engine/index.ts';

const pageList = (pages: readonly number[]): string => (pages.length > 5 ? `${pages.slice(0, 5).join(', ')} …` : pages.join(', '));

const da = {
  foreignCpr: (filename: string, count: number, pages: readonly number[]) =>
    `Holdt tilbage: ${filename} indeholder ${count === 1 ? 'et CPR-nummer' : `${count} CPR-numre`}, der ikke er modtagerens ` +
    `(side ${pageList(pages)}). Fjern brevet, eller ret dokumentet (fx opdel det med "Fjern CPR") og send igen.`,
  unreadable: (filename: string, detail: string) =>
    `Holdt tilbage: ${filename} kunne ikke kontrolleres for andre personers CPR-numre (${detail}). ` +
    'Fjern brevet, eller ret dokumentet og send igen.',
};

const en: typeof da = {
  foreignCpr: (filename, count, pages) =>
    `Held: ${filename} carries ${count === 1 ? 'a CPR number' : `${count} CPR numbers`} other than the recipient's ` +
    `(page ${pageList(pages)}). Remove the letter, or correct the document (e.g. split it with "Remove CPR") and send again.`,
  unreadable: (filename, detail) =>
    `Held: ${filename} could not be checked for other people's CPR numbers (${detail}). Remove the letter, or correct the document and send again.`,
};

/** The leak guard's texts in one language (default Danish). */
export function leakGuardMessages(lang: Lang = 'da'): typeof da {
  return lang === 'en' ? en : da;
}

/** The text of an engine error that stopped a check, in the same language, without its final stop. */
export function checkFailedDetail(e: PdfError, lang: Lang = 'da'): string {
  return pdfErrorText(e, lang).replace(/\.$/, '');
}
