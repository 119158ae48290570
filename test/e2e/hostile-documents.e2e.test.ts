/**
 * Hostile documents through the real HTTP API (issue 15): a PDF of 20,000 blank pages, one whose
 * stream inflates to 100 MB, and one that runs JavaScript when opened are refused with 413/422
 * naming the limit or what was found, nothing of them is kept (no blob, no row), and the API
 * keeps answering `/health` while they are read (on the PDF engine's threads, not its event loop).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { javascriptOpenActionPdf } from '../fixtures/pdf/active-content-pdf.ts';
import { blankPagesPdf, inflateBombPdf } from '../fixtures/pdf/raw-pdf.ts';
import { type TestPlatform, startTestPlatform } from '../support/platform.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ sandbox: false, workers: false });
});
afterAll(async () => {
  await p?.close();
});

const upload = (body: Buffer, lang?: string) =>
  p.api('/v1/documents', {
    method: 'POST',
    body: new Uint8Array(body),
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': 'attachment; filename="brev.pdf"',
      ...(lang ? { 'accept-language': lang } : {}),
    },
  });

/** Every document row and every stored blob. */
async function kept(): Promise<{ rows: number; blobs: string[] }> {
  const r = await p.runtime.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const blobs: string[] = [];
  for await (const b of p.runtime.blobs.list()) blobs.push(b.sha256);
  return { rows: Number(r.n), blobs: blobs.sort() };
}

describe('hostile documents over HTTP', () => {
  it('refuses 20,000 blank pages and an inflate bomb with 413 naming the limit, keeps nothing, and /health answers meanwhile', async () => {
    const before = await kept();
    let pending = true;
    let answeredWhilePending = 0;
    // Ask /health one request after another for as long as the hostile uploads are in flight.
    const poller = (async () => {
      while (pending) {
        const res = await fetch(`${p.url}/health`);
        await res.arrayBuffer();
        if (pending && res.status === 200) answeredWhilePending++;
      }
    })();
    // Different bytes each: identical uploads share one content-addressed blob.
    const [pages, pagesEn, bomb] = await Promise.all([
      upload(blankPagesPdf(20_000)),
      upload(blankPagesPdf(20_001), 'en'),
      upload(inflateBombPdf()),
    ]).finally(() => {
      pending = false;
    });
    await poller;

    expect(pages.status).toBe(413);
    const pagesError = (await pages.json()).error;
    expect(pagesError).toMatchObject({ code: 'pdf_limit_pages', details: { limit: 'pages', max: 10000 } });
    expect(pagesError.message).toContain('grænsen er 10000');
    expect((await pagesEn.json()).error.message).toContain('the limit is 10000');
    expect(bomb.status).toBe(413);
    expect((await bomb.json()).error).toMatchObject({ code: 'pdf_limit_inflated', details: { limit: 'inflated' } });

    expect(answeredWhilePending).toBeGreaterThan(0);
    expect(await kept()).toEqual(before);
  });

  it('refuses a PDF that runs JavaScript when opened with 422 naming it, and keeps nothing', async () => {
    const before = await kept();
    const res = await upload(await javascriptOpenActionPdf(), 'en');
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('pdf_active_content');
    expect(error.message).toContain('JavaScript');
    expect(error.message).toContain('Digital Post refuses active content');
    expect(await kept()).toEqual(before);
  });
});
