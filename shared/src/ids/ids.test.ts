import { describe, expect, it } from 'vitest';
import { cprBirthDate, cprPassesModulus11, isValidCpr } from './cpr.ts';
import { maskCpr } from './mask-identifier.ts';
import { isValidCvr, isValidPNumber } from './cvr.ts';
import { findIdentifiers } from './find-identifiers.ts';
import { isValidFnr, isValidKid, isValidNorwegianAccount, isValidOrgnr } from './norway.ts';

describe('CPR', () => {
  it('accepts a real date part, with or without the dash, and needs no modulus 11 (post-2007 numbers)', () => {
    expect(isValidCpr('0101904321')).toBe(true);
    expect(isValidCpr('010190-4321')).toBe(true);
    expect(cprPassesModulus11('0101904321')).toBe(false); // valid all the same
  });
  it('refuses impossible dates and wrong lengths', () => {
    expect(isValidCpr('3213904321')).toBe(false);
    expect(isValidCpr('3102904321')).toBe(false);
    expect(isValidCpr('010190432')).toBe(false);
    expect(isValidCpr('01019043210')).toBe(false);
  });
  it('takes the century from the seventh digit (29 February exists in 2000, not in 1900)', () => {
    expect(isValidCpr('2902000123')).toBe(false); // 7th digit 0 → 1900
    expect(isValidCpr('2902004123')).toBe(true); // 7th digit 4, year ≤ 36 → 2000
    expect(cprBirthDate('0101585123')?.getUTCFullYear()).toBe(1858); // 7th digit 5, year > 57 → 1800s
  });
  it('masks as DDMMYY-XXXX', () => {
    expect(maskCpr('0101904321')).toBe('010190-XXXX');
  });
});

describe('CVR and P-number', () => {
  it('checks modulus 11', () => {
    expect(isValidCvr('29189846')).toBe(true);
    expect(isValidCvr('29189847')).toBe(false);
    expect(isValidCvr('09189846')).toBe(false);
    expect(isValidPNumber('1003388394')).toBe(true);
    expect(isValidPNumber('123')).toBe(false);
  });
});

describe('Norwegian identifiers', () => {
  it('checks both control digits of a fødselsnummer and accepts D-numbers', () => {
    expect(isValidFnr('01019010046')).toBe(true);
    expect(isValidFnr('01019010047')).toBe(false);
    expect(isValidFnr('41019010046')).toBe(false); // D-number day, but control digits belong to the other number
    expect(isValidFnr('0101901004')).toBe(false);
  });
  it('checks organisation numbers, account numbers and KID', () => {
    expect(isValidOrgnr('910000004')).toBe(true);
    expect(isValidOrgnr('910000005')).toBe(false);
    expect(isValidNorwegianAccount('86011117947')).toBe(true);
    expect(isValidNorwegianAccount('86011117948')).toBe(false);
    expect(isValidKid('79927398713')).toBe(true); // MOD10 (Luhn)
    expect(isValidKid('79927398714')).toBe(false);
  });
});

describe('findIdentifiers', () => {
  it('finds valid CPR and CVR numbers once each, in order, and skips invalid ones', () => {
    const text = 'Til Jens Hansen, CPR 010190-4321. Kopi: CVR 29189846. Forkert: 3213904321 og 29189847. Igen 0101904321.';
    expect(findIdentifiers(text)).toEqual([
      { idType: 'CPR', id: '0101904321' },
      { idType: 'CVR', id: '29189846' },
    ]);
  });
  it('does not read a number out of a longer digit run', () => {
    expect(findIdentifiers('Konto 12345678901234, ref 0101904321999')).toEqual([]);
  });
});
