/**
 * The assembled platform's HTTP hardening, over a real port: JSON bodies are limited (413
 * naming the limit) and malformed ones answer the API's error shape, document uploads keep their
 * own larger limit, and pages send their security headers while still serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform } from '../../../test/support/platform.ts';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ workers: false });
});
afterAll(async () => {
  await p?.close();
});

interface ErrorBody {
  error: { code: string; message: string; details?: { limitBytes?: number } };
}

describe('JSON bodies', () => {
  it('answers malformed JSON to POST /v1/shipments with 400 in the API error shape', async () => {
    const res = await p.api('/v1/shipments', { method: 'POST', body: '{"subject": "Indkaldelse", ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_request');
  });

  it('refuses a body over 2 MB with 413 too_large naming the limit, and nothing is stored', async () => {
    const recipients = Array.from({ length: 40_000 }, (_, i) => ({
      idType: 'CVR',
      id: String(10_000_000 + i),
      name: `Virksomhed nummer ${i}`,
    }));
    const body = JSON.stringify({ subject: 'For stor', mainDocument: '00000000-0000-0000-0000-000000000000', recipients });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await p.api('/v1/shipments', { method: 'POST', body, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(413);
    const err = ((await res.json()) as ErrorBody).error;
    expect(err.code).toBe('too_large');
    expect(err.message).toContain('2 MB');
    expect(err.details?.limitBytes).toBe(2 * 1024 * 1024);
    expect(await p.runtime.db.selectFrom('shipments').select('id').execute()).toEqual([]);
  });

  it('keeps the larger limit of document uploads', async () => {
    // A PDF with 3 MB of padding after its end: larger than the JSON limit, far under 99.5 MB.
    const padded = Buffer.concat([MINIMAL_PDF, Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const res = await p.api('/v1/documents', {
      method: 'POST',
      body: new Uint8Array(padded),
      headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="stor.pdf"' },
    });
    // Whatever the document checks make of it, the JSON limit did not refuse it.
    expect(res.status).not.toBe(413);
    await res.body?.cancel();
  });
});

describe('security headers of pages', () => {
  it('sends CSP, frame denial, Referrer-Policy and nosniff on /send and /docs, which still serve', async () => {
    for (const path of ['/send', '/docs']) {
      const res = await fetch(`${p.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<script');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    // Swagger UI's own script and styles are same-origin, so the policy lets them load.
    expect((await fetch(`${p.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it("lets Office's hosts frame the task panes and load Office.js, and nobody else", async () => {
    const res = await fetch(`${p.url}/addins/word/taskpane.html`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(
      /frame-ancestors 'self' https:\/\/\*\.officeapps\.live\.com https:\/\/\*\.office\.com https:\/\/\*\.office365\.com https:\/\/\*\.microsoft\.com/,
    );
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends the framing denial on sign-in pages', async () => {
    const res = await fetch(`${p.url}/auth/sign-in`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
