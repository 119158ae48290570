/**
 * @module
 * What the PDF engine's errors say to a person, in Danish (default) or English, and the HTTP
 * status each maps to. Each text names the limit or problem and what to do.
 */
import {
  PdfEngineError,
  PdfLimitError,
  PdfRedactionError,
  PdfUnreadableError,
  type PdfError,
  type PdfLimit,
  type PdfProblem,
} from './pdf-engine-errors.ts';

/** The languages of user-facing text. */
export type Lang = 'da' | 'en';

const MB = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const limitText: Record<Lang, Record<PdfLimit, (e: PdfLimitError) => string>> = {
  da: {
    pages: (e) =>
      `Dokumentet har ${e.value} sider; grænsen er ${e.max}. ` + 'Del det op i mindre filer, eller bed IT hæve grænsen (maxPages).',
    time: (e) =>
      `Dokumentet tog mere end ${Math.round(e.max / 1000)} s at behandle og blev stoppet. ` +
      'Gem det som PDF igen (fx "Udskriv til PDF") og prøv igen.',
    memory: (e) =>
      `Dokumentet kræver mere end ${MB(e.max)} MB hukommelse at læse og blev stoppet. ` + 'Gem det som PDF igen eller del det op.',
    inflated: (e) =>
      `Dokumentet indeholder en komprimeret del, der pakkes ud til mere end ${MB(e.max)} MB, som er grænsen. ` + 'Gem det som PDF igen.',
  },
  en: {
    pages: (e) =>
      `The document has ${e.value} pages; the limit is ${e.max}. Split it into smaller files, or ask IT to raise the limit (maxPages).`,
    time: (e) =>
      `The document took more than ${Math.round(e.max / 1000)} s to process and was stopped. ` +
      'Save it as PDF again (e.g. "Print to PDF") and retry.',
    memory: (e) => `The document needs more than ${MB(e.max)} MB of memory to read and was stopped. Save it as PDF again or split it.`,
    inflated: (e) =>
      `The document holds a compressed part that inflates to more than ${MB(e.max)} MB, the limit. ` + 'Save it as PDF again.',
  },
};

const problemText: Record<Lang, Record<PdfProblem, string>> = {
  da: {
    corrupt: 'PDF-filen er beskadiget og kan ikke læses; eksportér dokumentet til PDF igen.',
    truncated: 'PDF-filen er afkortet (slutningen mangler, typisk en afbrudt upload); upload hele filen igen.',
    password_protected: 'PDF-filen er beskyttet med adgangskode; gem den uden adgangskode og upload igen.',
    no_pages: 'PDF-filen har ingen sider.',
  },
  en: {
    corrupt: 'The PDF file is corrupt and cannot be read; export the document to PDF again.',
    truncated: 'The PDF file is truncated (its end is missing, typically an interrupted upload); upload the whole file again.',
    password_protected: 'The PDF file is password-protected; save it without a password and upload again.',
    no_pages: 'The PDF file has no pages.',
  },
};

const redactionText: Record<Lang, string> = {
  da:
    'CPR-numre kunne ikke fjernes helt fra brevet (fx i en kommentar eller et formularfelt); brevet er ikke lavet. ' +
    'Fjern dem i kildedokumentet.',
  en:
    'CPR numbers could not be removed from the letter completely (e.g. in a comment or form field); the letter was not made. ' +
    'Remove them in the source document.',
};

const engineText: Record<Lang, string> = {
  da: 'PDF-behandlingen fejlede på serveren; prøv igen om lidt.',
  en: 'PDF processing failed on the server; try again shortly.',
};

/**
 * The text to show a person for an engine error.
 * @example pdfErrorText(new PdfLimitError('pages', 20000, 2000)) // 'Dokumentet har 20000 sider; grænsen er 2000. …'
 */
export function pdfErrorText(e: PdfError, lang: Lang = 'da'): string {
  if (e instanceof PdfLimitError) return limitText[lang][e.limit](e);
  if (e instanceof PdfUnreadableError) return problemText[lang][e.problem];
  if (e instanceof PdfRedactionError) return redactionText[lang];
  return engineText[lang];
}

/** The HTTP status for an engine error: 413 too large (pages, inflated), 422 unusable, 503 engine trouble. */
export function pdfErrorStatus(e: PdfError): 413 | 422 | 503 {
  if (e instanceof PdfLimitError) return e.limit === 'pages' || e.limit === 'inflated' ? 413 : 422;
  if (e instanceof PdfEngineError) return 503;
  return 422;
}
