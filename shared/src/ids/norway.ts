/**
 * @module
 * Norwegian identifiers: fødselsnummer / D-number (FNR), organisation number (ORGNR),
 * bank account number and KID (payment reference).
 */

function mod11(digits: string, weights: number[]): number | undefined {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  if (r === 10) return undefined; // no valid control digit exists
  return r;
}

/**
 * Whether an 11-digit fødselsnummer or D-number (day + 40) is valid: a real date and both
 * modulus-11 control digits.
 */
export function isValidFnr(input: string): boolean {
  const n = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(n)) return false;
  let day = Number(n.slice(0, 2));
  if (day > 40) day -= 40; // D-number
  const month = Number(n.slice(2, 4)) % 40; // synthetic test numbers add 40/80 to the month
  const m = month > 40 ? month - 40 : month;
  if (day < 1 || day > 31 || m < 1 || m > 12) return false;
  const k1 = mod11(n, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === undefined || k1 !== Number(n[9])) return false;
  const k2 = mod11(n, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k2 !== undefined && k2 === Number(n[10]);
}

/** Whether a 9-digit Norwegian organisation number satisfies modulus 11. */
export function isValidOrgnr(input: string): boolean {
  const n = input.replace(/\s/g, '');
  if (!/^[89]\d{8}$/.test(n)) return false;
  const k = mod11(n, [3, 2, 7, 6, 5, 4, 3, 2]);
  return k !== undefined && k === Number(n[8]);
}

/** Whether an 11-digit Norwegian bank account number satisfies modulus 11. */
export function isValidNorwegianAccount(input: string): boolean {
  const n = input.replace(/[\s.]/g, '');
  if (!/^\d{11}$/.test(n)) return false;
  const k = mod11(n, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k !== undefined && k === Number(n[10]);
}

function luhnOk(n: string): boolean {
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function kidMod11Ok(n: string): boolean {
  const body = n.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * ((i % 6) + 2);
  const r = 11 - (sum % 11);
  const expected = r === 11 ? '0' : r === 10 ? '-' : String(r);
  return expected === n.slice(-1);
}

/** Whether a KID (2–25 digits) carries a valid MOD10 (Luhn) or MOD11 control digit ('-' allowed for MOD11). */
export function isValidKid(input: string): boolean {
  const n = input.replace(/\s/g, '');
  if (!/^\d{1,24}[\d-]$/.test(n) || n.length < 2) return false;
  return (/^\d+$/.test(n) && luhnOk(n)) || kidMod11Ok(n);
}
