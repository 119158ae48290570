import { describe, expect, it } from 'vitest';
import { ageOn, cprAge, cprDateOfBirth, danishCalendarDate, isMinorCpr } from './cpr-birth-date.ts';

describe('cprDateOfBirth: the century from the 7th digit', () => {
  it.each([
    ['0101374123', 1937], // 4, year > 36 → 1900s
    ['0101364123', 2036], // 4, year ≤ 36 → 2000s
    ['0101369123', 2036], // 9 behaves as 4
    ['0101379123', 1937],
    ['0101575123', 2057], // 5–8, year ≤ 57 → 2000s
    ['0101585123', 1858], // 5–8, year > 57 → 1800s
    ['0101998123', 1899],
    ['0101000123', 1900], // 0–3 → always 1900s
    ['0101993123', 1999],
  ])('%s is born in %i', (cpr, year) => {
    expect(cprDateOfBirth(cpr)?.year).toBe(year);
  });

  it('reads the day and month and allows a dash or spaces', () => {
    expect(cprDateOfBirth('240512-4321')).toEqual({ year: 2012, month: 5, day: 24 });
    expect(cprDateOfBirth('24 05 12 4321')).toEqual({ year: 2012, month: 5, day: 24 });
  });

  it('refuses dates that do not exist and inputs that are not ten digits', () => {
    expect(cprDateOfBirth('2902104123')).toBeUndefined(); // 2010 had no 29 February
    expect(cprDateOfBirth('2902084123')).toEqual({ year: 2008, month: 2, day: 29 });
    expect(cprDateOfBirth('2902000123')).toBeUndefined(); // 1900 was no leap year
    expect(cprDateOfBirth('3104904321')).toBeUndefined();
    expect(cprDateOfBirth('010190432')).toBeUndefined();
    expect(cprDateOfBirth('01019043210')).toBeUndefined();
    expect(cprDateOfBirth('abcdefghij')).toBeUndefined();
  });
});

describe('ages', () => {
  it('counts whole years; the birthday itself adds the year', () => {
    const birth = { year: 2008, month: 12, day: 5 };
    expect(ageOn(birth, { year: 2026, month: 12, day: 4 })).toBe(17);
    expect(ageOn(birth, { year: 2026, month: 12, day: 5 })).toBe(18);
  });

  it('a 29 February child turns a year older on 1 March in common years', () => {
    const birth = { year: 2008, month: 2, day: 29 };
    expect(ageOn(birth, { year: 2026, month: 2, day: 28 })).toBe(17);
    expect(ageOn(birth, { year: 2026, month: 3, day: 1 })).toBe(18);
    expect(ageOn(birth, { year: 2028, month: 2, day: 29 })).toBe(20);
  });

  it('uses the Danish calendar date: 23:30 UTC on 4 December is already 5 December in Copenhagen', () => {
    expect(danishCalendarDate(new Date('2026-12-04T23:30:00Z'))).toEqual({ year: 2026, month: 12, day: 5 });
    expect(danishCalendarDate(new Date('2026-07-04T22:30:00Z'))).toEqual({ year: 2026, month: 7, day: 5 }); // summer time, UTC+2
    // Born 5 December 2008: 18 from midnight in Copenhagen, an hour before midnight UTC.
    expect(cprAge('0512084123', new Date('2026-12-04T22:59:00Z'))).toBe(17);
    expect(cprAge('0512084123', new Date('2026-12-04T23:00:00Z'))).toBe(18);
  });

  it('isMinorCpr: under 18, and false for what is not a CPR number', () => {
    const at = new Date('2026-12-05T12:00:00Z');
    expect(isMinorCpr('0101104123', at)).toBe(true); // 16
    expect(isMinorCpr('0512084123', at)).toBe(false); // 18 today
    expect(isMinorCpr('0612084123', at)).toBe(true); // 18 tomorrow
    expect(isMinorCpr('0101904321', at)).toBe(false);
    expect(isMinorCpr('3213904321', at)).toBe(false);
    expect(cprAge('3213904321', at)).toBeUndefined();
  });
});
