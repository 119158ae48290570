/**
 * @module
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the webhook's secret, sent as
 * `X-Brevdue-Signature: sha256=<hex>` with `X-Brevdue-Timestamp: <unix seconds>`. Receivers
 * recompute it and reject old timestamps (replay).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Verifies a delivery (for receivers; also used in tests).
 * @example verifyWebhook(secret, req.headers['x-brevdue-timestamp'], rawBody, req.headers['x-brevdue-signature'])
 */
export function verifyWebhook(
  secret: string,
  timestamp: string | number,
  body: string,
  signature: string,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
