/**
 * @module
 * Danish CVR numbers (company register) and P-numbers (production units).
 */

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

/** Whether a CVR number is 8 digits, not starting with 0, satisfying modulus 11. */
export function isValidCvr(input: string): boolean {
  const n = input.replace(/\s/g, '');
  if (!/^[1-9]\d{7}$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(n[i]) * CVR_WEIGHTS[i]!;
  return sum % 11 === 0;
}

/** Whether a P-number (produktionsenhedsnummer) is 10 digits (issued by the CVR register). */
export function isValidPNumber(input: string): boolean {
  return /^[1-9]\d{9}$/.test(input.replace(/\s/g, ''));
}
