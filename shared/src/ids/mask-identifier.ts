/**
 * @module
 * The one way identifiers are masked for receipts, screens, logs and quoted remote text:
 * personal numbers keep their date part (DDMMYY-XXXX for CPR, DDMMYY-XXXXX for FNR), company
 * numbers (public registers) stay whole.
 */
import { isValidCpr, normaliseCpr } from './cpr.ts';

/**
 * Masks a CPR number as DDMMYY-XXXX.
 * @example maskCpr('0101904321') // '010190-XXXX'
 */
export function maskCpr(input: string): string {
  return `${normaliseCpr(input).slice(0, 6)}-XXXX`;
}

/**
 * Masks an identifier by its type: CPR as DDMMYY-XXXX, Norwegian FNR as DDMMYY-XXXXX; CVR,
 * P-number and ORGNR stay whole.
 * @example maskId('FNR', '01019012345') // '010190-XXXXX'
 */
export function maskId(idType: string, id: string): string {
  if (idType === 'CPR') return maskCpr(id);
  if (idType === 'FNR') return `${id.replace(/\s/g, '').slice(0, 6)}-XXXXX`;
  return id;
}

// Ten digits, optionally DDMMYY-SSSS or DDMMYY SSSS, standing alone: no letter or digit glued on
// either side. Parts of longer tokens (hashes, ids) are not CPR numbers, and no UUID group is 6
// or 10 digits long, so a UUID never matches; punctuation around a number ("brev-0101904321.pdf")
// does not protect it.
const CPR_IN_TEXT = /(?<![\p{L}\p{N}])(\d{6})[- ]?(\d{4})(?![\p{L}\p{N}])/gu;

/**
 * Masks every CPR number in a free text (a log line, a remote's error message): a run of
 * digits is masked only when it is one — ten digits whose date part is a real date.
 * @example maskCprsInText('cpr 0101904321, letter 7f3e0101-1904-...') // 'cpr 010190-XXXX, letter 7f3e0101-1904-...'
 */
export function maskCprsInText(text: string): string {
  return text.replace(CPR_IN_TEXT, (whole, date: string, serial: string) => (isValidCpr(date + serial) ? `${date}-XXXX` : whole));
}
