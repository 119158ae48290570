import { describe, expect, it } from 'vitest';
import { signCallback, verifyCallback } from './signature.ts';

const SECRET = 'a-shared-secret-for-tests';
const BODY = '{"messageId":"x","status":"delivered_digital"}';

describe('callback signatures', () => {
  it('accepts its own signature', () => {
    expect(verifyCallback(SECRET, BODY, signCallback(SECRET, BODY))).toEqual({ ok: true });
  });
  it('refuses another secret, a changed body, a missing or malformed header', () => {
    const sig = signCallback(SECRET, BODY);
    expect(verifyCallback('another-secret-entirely', BODY, sig)).toMatchObject({ ok: false, reason: 'signature does not match' });
    expect(verifyCallback(SECRET, BODY.replace('digital', 'print'), sig)).toMatchObject({ ok: false });
    expect(verifyCallback(SECRET, BODY, undefined)).toMatchObject({ ok: false, reason: 'missing signature header' });
    expect(verifyCallback(SECRET, BODY, 'v1=abc')).toMatchObject({ ok: false, reason: 'malformed signature header' });
  });
  it('refuses a signature outside the replay window', () => {
    const then = new Date('2026-11-24T10:00:00Z');
    const sig = signCallback(SECRET, BODY, then);
    expect(verifyCallback(SECRET, BODY, sig, new Date(then.getTime() + 60_000))).toEqual({ ok: true });
    expect(verifyCallback(SECRET, BODY, sig, new Date(then.getTime() + 10 * 60_000))).toMatchObject({ ok: false });
  });
});
