/**
 * @module
 * Finds CPR and CVR numbers in a page's text with their positions, in the forms letters print
 * them: `DDMMYY-SSSS`, `DDMMYYSSSS`, and spaced or split digits (`010190 4321`, `01 01 90 43 21`,
 * or digits drawn one by one, which text extraction may join with spaces). Positions let the
 * redactor find the glyphs; the numbers are personal data and are never logged.
 */
import { isValidCpr, isValidCvr } from '@brevdue/shared';

/** One identifier in a text, `[start, end)` in UTF-16 units of that text. */
export interface IdentifierHit {
  idType: 'CPR' | 'CVR';
  /** Digits only: 10 for CPR, 8 for CVR. */
  id: string;
  start: number;
  end: number;
}

// Ten digits, each pair separated by at most three spaces, no-break spaces or dashes (never a line
// break: numbers on two lines are two numbers), not glued to further digits. In a longer run of
// spaced digits every window of ten is tried, and only one followed by a non-digit can match.
const CPR_RE = /(?<!\d)\d(?:[ \u00a0\-\u2010\u2011\u2013]{0,3}\d){9}(?!\d)/g;
// CVR: eight digits in one run ("CVR 12345678", "CVR-nr. 12345678").
const CVR_RE = /(?<!\d)\d{8}(?!\d)/g;

/**
 * Answers the valid CPR and CVR numbers in a text, ordered by position. A CPR is a run of ten
 * digits with a real date; a CVR is eight digits passing modulus 11 that are not part of a CPR.
 * @example scanIdentifiers('CPR: 010190-4321') // [{ idType: 'CPR', id: '0101904321', start: 5, end: 16 }]
 */
export function scanIdentifiers(text: string): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  for (const m of text.matchAll(CPR_RE)) {
    const id = m[0].replace(/\D/g, '');
    if (isValidCpr(id)) hits.push({ idType: 'CPR', id, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(CVR_RE)) {
    const start = m.index;
    const end = start + 8;
    if (!isValidCvr(m[0]) || hits.some((h) => h.idType === 'CPR' && h.start < end && start < h.end)) continue;
    hits.push({ idType: 'CVR', id: m[0], start, end });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * The byte patterns a CPR number can take in a PDF file: plain, with dash or space, and as the
 * hex string of its ASCII digits. Used to prove that redaction left none behind.
 */
export function cprByteForms(cpr: string): string[] {
  const d = cpr.replace(/\D/g, '');
  const hex = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  const plain = [d, `${d.slice(0, 6)}-${d.slice(6)}`, `${d.slice(0, 6)} ${d.slice(6)}`];
  return [...plain, ...plain.map(hex), ...plain.map((f) => hex(f).toUpperCase())];
}
