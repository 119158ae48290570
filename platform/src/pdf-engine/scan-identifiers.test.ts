import { describe, expect, it } from 'vitest';
import { cprByteForms, scanIdentifiers } from './scan-identifiers.ts';

const ids = (text: string) => scanIdentifiers(text).map((h) => `${h.idType}:${h.id}`);

describe('scanIdentifiers', () => {
  it('finds a CPR in every printed form, with its position', () => {
    for (const form of ['010190-4321', '0101904321', '010190 4321', '01 01 90 43 21', '0 1 0 1 9 0 - 4 3 2 1', '010190\u20114321']) {
      const text = `CPR: ${form}.`;
      const [hit] = scanIdentifiers(text);
      expect(hit, form).toEqual({ idType: 'CPR', id: '0101904321', start: 5, end: 5 + form.length });
    }
  });

  it('refuses digit runs that are not a CPR: impossible dates, longer runs, numbers on two lines', () => {
    expect(ids('Konto 3201904321')).toEqual([]); // day 32
    expect(ids('Ordre 101019043210')).toEqual([]); // twelve digits
    expect(ids('010190\r\n4321')).toEqual([]);
    // A spaced CPR right after other numbers is still found.
    expect(ids('Side 2 010190 4321 3 bilag')).toEqual(['CPR:0101904321']);
  });

  it('finds CVR numbers that pass modulus 11, never inside a CPR, in order of position', () => {
    expect(ids('CVR 29189846, CVR 29189847, CPR 010190-4321')).toEqual(['CVR:29189846', 'CPR:0101904321']);
    expect(ids('2918984612')).toEqual([]); // ten digits: not a CVR, and 29-18 is no date
  });

  it('lists the byte forms a CPR can take in a file', () => {
    expect(cprByteForms('010190-4321')).toEqual(
      expect.arrayContaining(['0101904321', '010190-4321', '010190 4321', '30313031393034333231', '3031303139302D34333231']),
    );
  });
});
