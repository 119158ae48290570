/** The JSON body limit over `app.request`: announced and streamed bodies, exemptions, error shape. */
import { describe, expect, it } from 'vitest';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import pino from 'pino';
import type { AppEnv } from './app-env.ts';
import { jsonBodyLimit } from './body-limit.ts';
import { apiErrorHandler } from './error-handler.ts';
import { validationHook } from './validation-hook.ts';

const LIMIT = 64 * 1024;

function app(): OpenAPIHono<AppEnv> {
  const a = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  a.onError(apiErrorHandler(pino({ level: 'silent' })));
  a.use('*', jsonBodyLimit({ maxBytes: LIMIT, except: (p) => p === '/v1/upload', anyType: (p) => p.startsWith('/v1/') }));
  const schema = z.object({ names: z.array(z.string()) });
  a.openapi(
    createRoute({
      method: 'post',
      path: '/v1/things',
      request: { body: { content: { 'application/json': { schema } }, required: true } },
      responses: { 200: { description: 'ok' } },
    }),
    (c) => c.json({ count: c.req.valid('json').names.length }, 200),
  );
  // A handler that reads JSON whatever the Content-Type says.
  a.post('/v1/loose', async (c) => c.json({ size: JSON.stringify(await c.req.json()).length }));
  a.post('/v1/upload', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  a.post('/public/form', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  return a;
}

const names = (n: number) => JSON.stringify({ names: Array.from({ length: n }, (_, i) => `modtager-${i}`) });

/** A body sent as a stream of chunks, without Content-Length. */
function chunked(text: string): { body: ReadableStream<Uint8Array>; duplex: 'half' } {
  const bytes = new TextEncoder().encode(text);
  return {
    body: new ReadableStream({
      start(ctrl) {
        for (let i = 0; i < bytes.length; i += 8192) ctrl.enqueue(bytes.slice(i, i + 8192));
        ctrl.close();
      },
    }),
    duplex: 'half',
  };
}

describe('jsonBodyLimit', () => {
  it('passes a JSON body under the limit', async () => {
    const res = await app().request('/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: names(100) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ count: 100 });
  });

  it('refuses a larger body with 413 too_large naming the limit, announced or streamed', async () => {
    const big = names(10_000);
    expect(big.length).toBeGreaterThan(LIMIT);
    const announced = await app().request('/v1/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    const streamed = await app().request('/v1/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'accept-language': 'en' },
      ...chunked(big),
    });
    for (const res of [announced, streamed]) {
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string; details: { limitBytes: number } } };
      expect(body.error.code).toBe('too_large');
      expect(body.error.details.limitBytes).toBe(LIMIT);
      expect(body.error.message).toContain('65536 bytes');
    }
  });

  it('limits any body where a handler may read it as JSON, and leaves exempt and other routes alone', async () => {
    const big = names(10_000);
    expect((await app().request('/v1/loose', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big })).status).toBe(413);
    expect((await app().request('/v1/upload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })).status).toBe(
      200,
    );
    expect(
      (await app().request('/public/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big }))
        .status,
    ).toBe(200);
    expect(
      (await app().request('/public/form', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })).status,
    ).toBe(413);
  });

  it('answers malformed JSON with 400 in the API error shape', async () => {
    const res = await app().request('/v1/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"names": [' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('refuses a limit that is not a positive whole number when built', () => {
    expect(() => jsonBodyLimit({ maxBytes: 0 })).toThrow(/maxBytes/);
  });
});
