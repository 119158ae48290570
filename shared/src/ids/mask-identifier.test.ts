import { describe, expect, it } from 'vitest';
import { maskCpr, maskCprsInText, maskId } from './mask-identifier.ts';

describe('maskId', () => {
  it('masks personal numbers and keeps company numbers whole', () => {
    expect(maskId('CPR', '0101904321')).toBe('010190-XXXX');
    expect(maskId('CPR', '010190-4321')).toBe('010190-XXXX');
    expect(maskId('FNR', '01019012345')).toBe('010190-XXXXX');
    expect(maskId('CVR', '29189846')).toBe('29189846');
    expect(maskId('ORGNR', '974760673')).toBe('974760673');
    expect(maskCpr('0101904321')).toBe('010190-XXXX');
  });
});

describe('maskCprsInText', () => {
  it('masks CPR numbers written in any of their forms', () => {
    expect(maskCprsInText('cpr 0101904321, 010190-4321 and 010190 4321.')).toBe('cpr 010190-XXXX, 010190-XXXX and 010190-XXXX.');
    expect(maskCprsInText('{"id":"0101904321"}')).toBe('{"id":"010190-XXXX"}');
  });
  it('leaves ids, hashes and numbers that are not CPR numbers alone', () => {
    const uuid = '3f2a9c1e-fe27-4831-9234-0a1b2c3d4e5f';
    const glued = 'c0b1d2e3-aa10-4b1c-8d2e-fe278315-1234'; // hex glued to a CPR-shaped run
    expect(maskCprsInText(`letter ${uuid}`)).toBe(`letter ${uuid}`);
    expect(maskCprsInText(glued)).toBe(glued);
    expect(maskCprsInText('sha 9a0101904321ff')).toBe('sha 9a0101904321ff');
    expect(maskCprsInText('order 12345678901234 bytes 390')).toBe('order 12345678901234 bytes 390');
    expect(maskCprsInText('not a date 3213904321')).toBe('not a date 3213904321');
  });
});
