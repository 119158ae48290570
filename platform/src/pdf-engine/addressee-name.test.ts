import { describe, expect, it } from 'vitest';
import { addresseeName } from './addressee-name.ts';

describe('addresseeName', () => {
  it('takes the name line above the street and the postal code line', () => {
    expect(addresseeName('Jens Hansen\r\nTestvej 12, 2. th.\r\n8000 Aarhus C')).toBe('Jens Hansen');
    expect(addresseeName('Att.: Lønafdelingen\nFirma A/S\nIndustrivej 3\nDK-2100 København Ø')).toBe('Firma A/S');
    expect(addresseeName('Kari Nordmann\nPrinsensveien 123\n0460 Oslo')).toBe('Kari Nordmann');
  });

  it('answers nothing without an address block ending in a postal code, or without a name in it', () => {
    expect(addresseeName('')).toBeUndefined();
    expect(addresseeName('Kære Jens Hansen\nTak for din ansøgning')).toBeUndefined();
    expect(addresseeName('8000 Aarhus C')).toBeUndefined();
    expect(addresseeName('CPR 010190-4321\nTestvej 12\n8000 Aarhus C')).toBeUndefined();
  });
});
