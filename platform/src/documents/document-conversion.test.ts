import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { DOCX_FIXTURE } from '../../test/document-fixtures.ts';
import { createDocumentTestApp, type DocumentTestApp } from '../../test/document-test-app.ts';
import { findSoffice } from './office-converter.ts';
import { pdfText } from '../../test/pdf-text.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const soffice = await findSoffice();
// Never a silent skip: `npm test`'s pretest step (scripts/ensure-debian-packages.mjs) installs it.
if (!soffice)
  throw new Error(
    'these tests need LibreOffice (the Debian package libreoffice-writer-nogui); run `node scripts/ensure-debian-packages.mjs` (npm test does)',
  );

const textOf = pdfText;

describe('DOCX upload', () => {
  let t: DocumentTestApp;
  let withoutLibreOffice: DocumentTestApp;
  beforeAll(async () => {
    t = await createDocumentTestApp(await createTestDatabase('conv'));
    withoutLibreOffice = await createDocumentTestApp(await createTestDatabase('conv'), {
      converter: { sofficePath: '/nonexistent/soffice' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await withoutLibreOffice?.close();
  });

  const post = (app: DocumentTestApp, body: Buffer, headers: Record<string, string>) =>
    app.app.request('/v1/documents', { method: 'POST', body: new Uint8Array(body), headers: { 'x-test-org': 'a', ...headers } });

  it('converts a Word document to PDF with LibreOffice, Danish letters intact (needs soffice: Debian libreoffice-writer-nogui)', async () => {
    const docx = DOCX_FIXTURE();
    const res = await post(t, docx, {
      'content-type': DOCX_TYPE,
      'content-disposition': "attachment; filename*=UTF-8''Indkaldelse%20m%C3%B8de.docx",
    });
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc).toMatchObject({ mediaType: 'application/pdf', filename: 'Indkaldelse møde.pdf', source: 'converted', pages: 1 });
    expect(doc.convertedFrom).toMatchObject({ mediaType: DOCX_TYPE, filename: 'Indkaldelse møde.docx', bytes: docx.length });
    // The original is not kept; the PDF is.
    expect(await t.blobs.exists(doc.convertedFrom.sha256)).toBe(false);
    const pdf = Buffer.from(await (await t.app.request(`/v1/documents/${doc.id}/content`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(pdf);
    expect(text).toContain('møde på rådhuset');
    expect(text).toContain('Søren Ærø Ålund');

    const found = await (await t.app.request(`/v1/documents/${doc.id}/recipients`, { method: 'POST' })).json();
    expect(found.recipients).toEqual([
      { idType: 'CPR', id: '0101904321', pages: [1] },
      { idType: 'CVR', id: '29189846', pages: [1] },
    ]);
  });

  it('converts RTF too, recognised by its content (needs soffice)', async () => {
    const rtf = Buffer.from(
      "{\\rtf1\\ansi\\ansicpg1252 {\\fonttbl {\\f0 Arial;}} \\f0 Kvittering for m\\'f8de p\\'e5 r\\'e5dhuset\\par}",
      'latin1',
    );
    const res = await post(t, rtf, {
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment; filename="kvittering.rtf"',
    });
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc).toMatchObject({ filename: 'kvittering.pdf', source: 'converted', convertedFrom: { mediaType: 'application/rtf' } });
    const pdf = Buffer.from(await (await t.app.request(`/v1/documents/${doc.id}/content`)).arrayBuffer());
    expect(await textOf(pdf)).toContain('Kvittering for møde på rådhuset');
  });

  it('detects a DOCX by its content even when sent as application/octet-stream', async () => {
    // Without LibreOffice the answer is the 415 that says so; the type was still recognised.
    const res = await post(withoutLibreOffice, DOCX_FIXTURE(), { 'content-type': 'application/octet-stream' });
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.error.code).toBe('converter_unavailable');
    expect(body.error.message).toContain('LibreOffice');
    expect(body.error.message).toContain('libreoffice-writer-nogui');
    expect((await withoutLibreOffice.blobFiles()).filter((f) => !f.includes('/tmp/'))).toEqual([]);
  });

  it('refuses a damaged Word document with 422 conversion_failed (needs soffice)', async () => {
    const docx = DOCX_FIXTURE();
    // Keep the ZIP header and entry names but break the compressed data.
    const broken = Buffer.from(docx);
    broken.fill(0x41, 200, docx.length - 600);
    const res = await post(t, broken, { 'content-type': DOCX_TYPE, 'content-disposition': 'attachment; filename="brev.docx"' });
    const body = await res.json();
    expect(res.status).toBe(422);
    expect(body.error.code).toBe('conversion_failed');
    expect(body.error.message).toMatch(/^Dokumentet kunne ikke konverteres/); // Danish: one language at a time
  });
});
