/**
 * @module
 * Finds CPR and CVR numbers in free text (used on text extracted from letters).
 */
import { isValidCpr, normaliseCpr } from './cpr.ts';
import { isValidCvr } from './cvr.ts';

export interface FoundIdentifier {
  idType: 'CPR' | 'CVR';
  id: string;
}

/**
 * Returns the valid CPR (DDMMYY-SSSS or 10 digits) and CVR numbers (8 digits, optionally
 * prefixed "CVR") in a text, each once, in order of appearance.
 */
export function findIdentifiers(text: string): FoundIdentifier[] {
  const out: FoundIdentifier[] = [];
  const seen = new Set<string>();
  // Digit runs not glued to other digits; CPR may carry a dash or a space before the serial.
  const re = /(?<![\d])(\d{6}[- ]?\d{4}|\d{8})(?![\d])/g;
  for (const m of text.matchAll(re)) {
    const raw = m[1]!;
    const digits = normaliseCpr(raw);
    if (digits.length === 10 && isValidCpr(digits) && !seen.has(`CPR${digits}`)) {
      seen.add(`CPR${digits}`);
      out.push({ idType: 'CPR', id: digits });
    } else if (digits.length === 8 && isValidCvr(digits) && !seen.has(`CVR${digits}`)) {
      seen.add(`CVR${digits}`);
      out.push({ idType: 'CVR', id: digits });
    }
  }
  return out;
}
