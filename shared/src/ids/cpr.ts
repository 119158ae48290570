/**
 * @module
 * Danish CPR numbers (personnummer): DDMMYY-SSSS.
 */

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/** Century of a CPR number from its year digits and the 7th digit (CPR office rules). */
function fullYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  // 5–8
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/** Strips the optional dash and spaces: "010190-4321" → "0101904321". */
export function normaliseCpr(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * Birth date encoded in a CPR number, or `undefined` when the date part is not a real date.
 * @example cprBirthDate('0101904321') // 1990-01-01
 */
export function cprBirthDate(cpr: string): Date | undefined {
  const n = normaliseCpr(cpr);
  if (!/^\d{10}$/.test(n)) return undefined;
  const dd = Number(n.slice(0, 2));
  const mm = Number(n.slice(2, 4));
  const yy = Number(n.slice(4, 6));
  const year = fullYear(yy, Number(n[6]));
  const d = new Date(Date.UTC(year, mm - 1, dd));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) return undefined;
  return d;
}

/**
 * Whether a CPR number is valid: ten digits with a real date part. CPR numbers issued after
 * 2007 need not satisfy modulus 11, so the checksum is not required.
 */
export function isValidCpr(input: string): boolean {
  return cprBirthDate(input) !== undefined;
}

/** Whether the old modulus-11 check holds (information only: not required since 2007). */
export function cprPassesModulus11(input: string): boolean {
  const n = normaliseCpr(input);
  if (!/^\d{10}$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(n[i]) * WEIGHTS[i]!;
  return sum % 11 === 0;
}
