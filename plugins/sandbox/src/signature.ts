/**
 * @module
 * HMAC-SHA256 signatures of delivery callbacks. The callback route is served without bearer
 * auth (the remote has no platform token), so the shared secret is the only proof of origin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a callback's timestamp may be from now before it is refused (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Signs a callback body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * @example signCallback('secret', '{"messageId":"..."}') // 't=1764000000,v1=5f1c...'
 */
export function signCallback(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

/**
 * Checks a callback signature header against the body. Returns a reason when it does not hold.
 * Uses a constant-time comparison so the MAC cannot be guessed byte by byte.
 */
export function verifyCallback(
  secret: string,
  body: string,
  header: string | undefined,
  now: Date = new Date(),
): { ok: true } | { ok: false; reason: string } {
  if (!header) return { ok: false, reason: 'missing signature header' };
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, reason: 'signature timestamp outside the allowed window' };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
