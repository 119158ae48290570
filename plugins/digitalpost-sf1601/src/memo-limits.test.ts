import { makeTestLetter } from '@brevdue/shared/testing';
import { ProviderError } from '@brevdue/shared/sdk';
import { describe, expect, it } from 'vitest';
import { buildKombiRequest } from './kombi-request.ts';
import { checkMemoLimits } from './memo-limits.ts';
import { memoFromLetter } from './memo-model.ts';
import { checkSmsText } from './sms-rules.ts';
import { endOfCopenhagenDay, stableUuidV4, toMemoDateTime } from './dates.ts';

const s = { version: '1.2' as const, cvr: '29189846', caseSystem: 'Brevdue' };
const print = { envelope: 'C5' as const, userName: 'Brevdue' };

describe('MeMo limits, checked before sending', () => {
  it('a 257-character subject names label and 256', () => {
    const v = checkMemoLimits(memoFromLetter(makeTestLetter({ subject: 'x'.repeat(257) }), s));
    // The subject is also the main document's label: both carry the 256 limit.
    expect(v.map((x) => x.field)).toEqual(['label', 'MainDocument/label']);
    expect(v[0]!.message).toContain('256');
  });
  it('a 151-character notification names the 150 limit', () => {
    const v = checkMemoLimits(memoFromLetter(makeTestLetter({ options: { replyAllowed: false, notification: 'n'.repeat(151) } }), s));
    expect(v.map((x) => x.field)).toEqual(['notification']);
    expect(v[0]!.message).toContain('150');
  });
  it('a message id that is not a v4 UUID is refused', () => {
    const v = checkMemoLimits(memoFromLetter(makeTestLetter({ messageId: '6f1c2a3b-4d5e-1f60-8a7b-9c0d1e2f3a4b' }), s));
    expect(v.map((x) => x.field)).toEqual(['messageUUID']);
  });
  it('an action link over 256 characters is refused with the action named', () => {
    const url = `https://example.dk/${'a'.repeat(250)}`;
    const v = checkMemoLimits(memoFromLetter(makeTestLetter({ actions: [{ code: 'SELVBETJENING', label: 'Gå til', url }] }), s));
    expect(v[0]!.field).toBe('MainDocument/Action[1] (SELVBETJENING)/EntryPoint/url');
  });
  it('buildKombiRequest refuses such a letter permanently, saying which limit', async () => {
    const err = await buildKombiRequest(makeTestLetter({ subject: 'x'.repeat(300) }), s, print).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'permanent', code: 'LIMIT_EXCEEDED' });
    expect((err as Error).message).toMatch(/label.*256/);
  });
  it('print without an address is refused naming the address', async () => {
    await expect(buildKombiRequest(makeTestLetter({ channel: 'print' }), s, print)).rejects.toMatchObject({ code: 'NO_ADDRESS' });
  });
  it('an address line over 34 characters is refused for print', async () => {
    const letter = makeTestLetter({
      channel: 'print',
      recipient: {
        idType: 'CPR',
        id: '0101904321',
        address: { name: 'A', lines: ['x'.repeat(40)], postalCode: '8000', city: 'Aarhus', country: 'DK' },
      },
    });
    await expect(buildKombiRequest(letter, s, print)).rejects.toThrow(/34/);
  });
  it('a Norwegian recipient is refused', async () => {
    await expect(buildKombiRequest(makeTestLetter({ recipient: { idType: 'FNR', id: '01010112345' } }), s, print)).rejects.toMatchObject({
      code: 'RECIPIENT_TYPE',
    });
  });
});

describe('NemSMS rules', () => {
  it('accepts Danish GSM text', () => expect(checkSmsText('Hej Åse! Husk mødet på rådhuset i morgen kl. 10 (lokale 4).')).toBeUndefined());
  it('refuses empty, too long and non-GSM text, naming the rule', () => {
    expect(checkSmsText('  ')?.rule).toBe('empty');
    expect(checkSmsText('a'.repeat(151))).toMatchObject({ rule: 'length' });
    const emoji = checkSmsText('Husk mødet 🙂');
    expect(emoji?.rule).toBe('characters');
    expect(emoji?.message).toContain('🙂');
  });
  it('an SMS letter breaking a rule fails permanently with the rule as code', async () => {
    await expect(
      buildKombiRequest(makeTestLetter({ channel: 'sms', mainDocument: undefined, smsText: 'x'.repeat(200) }), s, print),
    ).rejects.toMatchObject({ kind: 'permanent', code: 'SMS_LENGTH' });
  });
});

describe('dates and ids', () => {
  it('converts offsets to UTC Z and computes Copenhagen end of day in winter and summer', () => {
    expect(toMemoDateTime('2026-12-03T10:00:00+01:00')).toBe('2026-12-03T09:00:00Z');
    expect(endOfCopenhagenDay('2026-12-15')).toBe('2026-12-15T22:59:59Z');
    expect(endOfCopenhagenDay('2026-06-15')).toBe('2026-06-15T21:59:59Z');
  });
  it('stable v4 UUIDs: same seed same id, different seed different id', () => {
    expect(stableUuidV4('a')).toBe(stableUuidV4('a'));
    expect(stableUuidV4('a')).not.toBe(stableUuidV4('b'));
    expect(stableUuidV4('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
