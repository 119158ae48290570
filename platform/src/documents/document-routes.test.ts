import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { ApiError } from '../http/api-error.ts';
import { ENCRYPTED_PDF_FIXTURE, makeSplitDigitsPdf, makeTextPdf } from '../../test/document-fixtures.ts';
import { createDocumentTestApp, type DocumentTestApp } from '../../test/document-test-app.ts';
import { loadDocuments } from './load-documents.ts';
import { bufferSource } from './pdf-source.ts';
import { openPdf } from '../../test/pdf-reader.ts';

let t: DocumentTestApp;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createDocumentTestApp(await createTestDatabase('docs'), { logLines });
});
afterAll(async () => {
  await t?.close();
});

function upload(data: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}, org: 'a' | 'b' = 'a'): Promise<Response> {
  // A copy as a plain Uint8Array: the DOM typing of BodyInit does not take Node's Buffer.
  const body = Buffer.isBuffer(data) ? new Uint8Array(data) : data;
  return Promise.resolve(
    t.app.request('/v1/documents', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/pdf', 'x-test-org': org, ...headers },
      duplex: 'half',
    } as RequestInit),
  );
}

async function documentCount(): Promise<number> {
  const r = await t.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A body stream of `total` bytes that records how much of it was pulled. */
function countingBody(total: number, chunk = 1024 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const block = new Uint8Array(chunk).fill(0x25);
  return {
    stream: new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent >= total) return controller.close();
          const n = Math.min(chunk, total - sent);
          sent += n;
          controller.enqueue(n === chunk ? block.slice() : block.slice(0, n));
        },
      },
      { highWaterMark: 0 },
    ), // pull only when read
    pulled: () => sent,
  };
}

describe('POST /v1/documents', () => {
  it('stores a PDF with a Danish file name from filename* and serves it back byte for byte', async () => {
    const pdf = await makeTextPdf([['Indkaldelse til møde'], ['Side to']]);
    const res = await upload(pdf, {
      'content-disposition': `attachment; filename="Indkaldelse.pdf"; filename*=UTF-8''Indkaldelse%20til%20m%C3%B8de%20%C3%A6%C3%B8%C3%A5.pdf`,
    });
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc).toMatchObject({
      bytes: pdf.length,
      mediaType: 'application/pdf',
      filename: 'Indkaldelse til møde æøå.pdf',
      pages: 2,
      source: 'upload',
    });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);

    const meta = await t.app.request(`/v1/documents/${doc.id}`);
    expect(await meta.json()).toMatchObject({ id: doc.id, filename: 'Indkaldelse til møde æøå.pdf', pages: 2 });

    const content = await t.app.request(`/v1/documents/${doc.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(content.headers.get('content-disposition')).toContain("filename*=UTF-8''Indkaldelse%20til%20m%C3%B8de%20%C3%A6%C3%B8%C3%A5.pdf");
    expect(Buffer.from(await content.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('uses the plain filename parameter and names a missing one "dokument.pdf"', async () => {
    const pdf = await makeTextPdf([['Brev']]);
    const named = await (await upload(pdf, { 'content-disposition': 'attachment; filename="brev.pdf"' })).json();
    expect(named.filename).toBe('brev.pdf');
    const unnamed = await (await upload(pdf)).json();
    expect(unnamed.filename).toBe('dokument.pdf');
    // Same bytes, one blob: content addressing.
    expect(unnamed.sha256).toBe(named.sha256);
  });

  it('answers 413 before reading the whole body and keeps nothing', async () => {
    const before = await documentCount();
    const blobsBefore = await t.blobFiles();
    const total = MAX_SHIPMENT_BYTES + 50 * 1024 * 1024;
    const body = countingBody(total);
    const res = await upload(body.stream);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('document_too_large');
    expect(body.pulled()).toBeLessThan(total);
    expect(body.pulled()).toBeGreaterThan(MAX_SHIPMENT_BYTES);
    expect(await t.blobFiles()).toEqual(blobsBefore);
    expect(await documentCount()).toBe(before);
  });

  it('answers 413 from Content-Length alone without reading a byte', async () => {
    const body = countingBody(1024);
    const res = await upload(body.stream, { 'content-length': String(MAX_SHIPMENT_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(body.pulled()).toBe(0);
  });

  it.each([
    ['corrupt', async () => Buffer.from('%PDF-1.7\nthis is no pdf at all\n%%EOF\n')],
    ['corrupt', async () => Buffer.from('Kære borger, dette er ren tekst.')],
    [
      'truncated',
      async () => {
        const pdf = await makeTextPdf([['Side 1'], ['Side 2'], ['Side 3']]);
        return pdf.subarray(0, Math.floor(pdf.length * 0.7));
      },
    ],
    ['password_protected', async () => ENCRYPTED_PDF_FIXTURE()],
  ])('refuses a %s PDF with 422 saying so, and keeps nothing', async (reason, make) => {
    const before = await documentCount();
    const blobsBefore = await t.blobFiles();
    const res = await upload(await make(), { 'content-disposition': 'attachment; filename="brev.pdf"' });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe(`pdf_${reason}`);
    expect(body.error.details).toEqual({ reason });
    expect(body.error.message).not.toMatch(/ \/ /); // one language: Danish unless Accept-Language asks for English
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(await documentCount()).toBe(before);
    expect(await t.blobFiles()).toEqual(blobsBefore);
  });

  it('keeps a blob another document uses when the same bytes are refused for a second time', async () => {
    // An unreadable body never becomes a row, so its blob is always removed; a readable one
    // stays as long as a row refers to it. Upload the same good PDF twice: one blob.
    const pdf = await makeTextPdf([['Delt']]);
    const a = await (await upload(pdf)).json();
    const b = await (await upload(pdf)).json();
    expect(await t.blobs.exists(a.sha256)).toBe(true);
    expect(b.sha256).toBe(a.sha256);
  });

  it('refuses other types with 415 listing what is accepted', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const res = await upload(png, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="foto.png"' });
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.error.code).toBe('unsupported_media_type');
    expect(body.error.message).toContain('.png');
    expect(body.error.message).toContain('DOCX');
    expect(body.error.message).toContain('PDF');
  });

  it('refuses an empty body with 400', async () => {
    const res = await upload(Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('body');
  });
});

describe('POST /v1/documents/{id}/recipients', () => {
  it('finds valid CPR and CVR numbers with their pages, also when a writer splits them, and logs none', async () => {
    const pdf = await makeTextPdf([
      ['Til: Jens Hansen, CPR 010190-4321', 'Ugyldigt: 320190-4321'],
      ['Firma: Brevdue ApS, CVR 29189846', 'Telefon 12 34 56 78'],
      ['Kopi til 0101904321'],
    ]);
    const doc = await (await upload(pdf)).json();
    const res = await t.app.request(`/v1/documents/${doc.id}/recipients`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      recipients: [
        { idType: 'CPR', id: '0101904321', pages: [1, 3] },
        { idType: 'CVR', id: '29189846', pages: [2] },
      ],
    });

    const split = await makeSplitDigitsPdf('CPR:', '0101904321');
    const reader = await openPdf(bufferSource(split));
    const items = (await (await reader.getPage(1)).getTextContent()).items.flatMap((i) => ('str' in i && i.str.trim() ? [i.str] : []));
    await reader.destroy();
    // The fixture does what it claims: the number arrives in pieces.
    expect(items.length).toBeGreaterThan(2);
    const splitDoc = await (await upload(split)).json();
    const found = await (await t.app.request(`/v1/documents/${splitDoc.id}/recipients`, { method: 'POST' })).json();
    expect(found.recipients).toEqual([{ idType: 'CPR', id: '0101904321', pages: [1] }]);

    expect(logLines.join('\n')).not.toMatch(/0101904321|010190-4321/);
    expect(logLines.some((l) => l.includes('recipients searched'))).toBe(true);
  });
});

describe('organisation isolation', () => {
  it("answers 404 for another organisation's document on every route, and loadDocuments refuses it", async () => {
    const doc = await (await upload(await makeTextPdf([['Fortroligt']]), {}, 'a')).json();
    const asB = { headers: { 'x-test-org': 'b' } };
    expect((await t.app.request(`/v1/documents/${doc.id}`, asB)).status).toBe(404);
    expect((await t.app.request(`/v1/documents/${doc.id}/content`, asB)).status).toBe(404);
    expect((await t.app.request(`/v1/documents/${doc.id}/recipients`, { method: 'POST', ...asB })).status).toBe(404);
    expect((await t.app.request(`/v1/documents/${doc.id}`)).status).toBe(200);
    expect((await t.app.request('/v1/documents/not-a-uuid')).status).toBe(404);

    const rows = await loadDocuments(t.db, t.orgs.a, [doc.id, doc.id]);
    expect(rows.map((r) => r.id)).toEqual([doc.id, doc.id]);
    const err = await loadDocuments(t.db, t.orgs.b, [doc.id], 'mainDocument').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'document_not_found', field: 'mainDocument' });
    const err2 = await loadDocuments(t.db, t.orgs.a, [doc.id, 'nope'], (i) => `attachments[${i}]`).catch((e: unknown) => e);
    expect(err2).toMatchObject({ status: 400, field: 'attachments[1]' });
  });
});

describe('OpenAPI', () => {
  it('describes every document route', () => {
    const spec = t.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Brevdue', version: '1' } });
    expect(Object.keys(spec.paths ?? {}).sort()).toEqual([
      '/v1/documents',
      '/v1/documents/from-email',
      '/v1/documents/{id}',
      '/v1/documents/{id}/content',
      '/v1/documents/{id}/recipients',
    ]);
    expect(
      Object.keys(
        spec.paths?.['/v1/documents']?.post?.requestBody && 'content' in spec.paths['/v1/documents'].post.requestBody
          ? spec.paths['/v1/documents'].post.requestBody.content
          : {},
      ),
    ).toContain('application/pdf');
  });
});
