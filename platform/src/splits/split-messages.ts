/**
 * @module
 * User-facing text of splitting merge letters: Danish by default, English by a switch. Errors
 * of the PDF engine itself are worded in `pdf-engine-messages.ts`.
 */
import type { Lang } from '../pdf-engine/index.ts';

const da = {
  notFound: 'Dokumentet findes ikke; upload det med POST /v1/documents og brug det id, der kommer tilbage.',
  splitNotFound: 'Opdelingen findes ikke; start den med POST /v1/documents/{id}/split.',
  notPdf: 'Dokumentet er ikke en PDF og kan ikke opdeles i breve; upload det som PDF.',
  interrupted: 'Opdelingen blev afbrudt (serveren blev genstartet); start den igen.',
  failed: 'Opdelingen fejlede på serveren; prøv igen om lidt.',
  invalid: (field: string, detail: string) => `Ugyldig værdi i ${field}: ${detail}`,
};

const en: typeof da = {
  notFound: 'The document does not exist; upload it with POST /v1/documents and use the id it returns.',
  splitNotFound: 'The split does not exist; start one with POST /v1/documents/{id}/split.',
  notPdf: 'The document is not a PDF and cannot be split into letters; upload it as PDF.',
  interrupted: 'The split was interrupted (the server restarted); start it again.',
  failed: 'The split failed on the server; try again shortly.',
  invalid: (field, detail) => `Invalid value in ${field}: ${detail}`,
};

/** The split texts in one language (default Danish). */
export function splitMessages(lang: Lang = 'da'): typeof da {
  return lang === 'en' ? en : da;
}

/** A stored error of a failed split: a code, the HTTP status it stands for, and its text in each language. */
export interface StoredSplitError {
  code: string;
  status: number;
  da: string;
  en: string;
}

/** A stored error from a message of this file. */
export function storedError(code: string, status: number, pick: (m: typeof da) => string): StoredSplitError {
  return { code, status, da: pick(da), en: pick(en) };
}
