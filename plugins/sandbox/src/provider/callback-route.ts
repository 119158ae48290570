/**
 * @module
 * `POST /callback`: delivery callbacks from the simulator, mounted by the platform at
 * `/v1/plugins/<name>/callback` without bearer auth. The HMAC signature is the only proof the
 * simulator sent it, so an unsigned or forged callback is refused before anything is read.
 */
import type { Hono } from 'hono';
import type { PluginContext } from '@brevdue/shared/sdk';
import { MEDIA_TYPE, SIGNATURE_HEADER, callbackBodySchema } from '../protocol.ts';
import { PLUGIN_ERRORS } from '../messages.ts';
import { verifyCallback } from '../signature.ts';

/** A status callback is a few hundred bytes. */
const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * Mounts the callback route.
 * @param secret the shared secret; without one every callback is refused (401)
 */
export function mountCallbackRoute(app: Hono, context: PluginContext, secret: string | undefined): void {
  app.post('/callback', async (c) => {
    // Unauthenticated until the signature is checked: refuse big bodies before reading them.
    if (Number(c.req.header('content-length') ?? 0) > MAX_CALLBACK_BYTES)
      return c.json({ error: { code: 'TOO_LARGE', message: PLUGIN_ERRORS.CALLBACK_BAD_BODY } }, 413);
    const text = await c.req.text();
    if (text.length > MAX_CALLBACK_BYTES) return c.json({ error: { code: 'TOO_LARGE', message: PLUGIN_ERRORS.CALLBACK_BAD_BODY } }, 413);
    if (!secret) return c.json({ error: { code: 'NO_SECRET', message: PLUGIN_ERRORS.CALLBACK_NO_SECRET } }, 401);
    const check = verifyCallback(secret, text, c.req.header(SIGNATURE_HEADER), context.clock.now());
    if (!check.ok) {
      context.logger.warn({ reason: check.reason }, 'sandbox callback refused');
      return c.json({ error: { code: 'BAD_SIGNATURE', message: PLUGIN_ERRORS.CALLBACK_BAD_SIGNATURE(check.reason) } }, 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = callbackBodySchema.safeParse(json);
    if (!parsed.success) return c.json({ error: { code: 'BAD_BODY', message: PLUGIN_ERRORS.CALLBACK_BAD_BODY } }, 400);
    const b = parsed.data;
    // A failure to record answers 500, so the simulator retries the callback later.
    await context.reportStatus({
      providerMessageId: b.messageId,
      ...(b.reference ? { letterId: b.reference } : {}),
      status: b.status,
      event: b.event,
      ...(b.reason ? { reason: b.reason } : {}),
      at: new Date(b.at),
      channel: b.channel,
      raw: { mediaType: MEDIA_TYPE, body: Buffer.from(text) },
    });
    return c.body(null, 204);
  });
}
