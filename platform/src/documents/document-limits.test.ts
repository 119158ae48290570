import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { embeddedFilePdf, javascriptOpenActionPdf, launchLinkPdf } from '../../../test/fixtures/pdf/active-content-pdf.ts';
import { blankPagesPdf, inflateBombPdf } from '../../../test/fixtures/pdf/raw-pdf.ts';
import { zipBombDocx } from '../../../test/fixtures/pdf/zip-bomb-docx.ts';
import { DOCX_FIXTURE } from '../../test/document-fixtures.ts';
import { createDocumentTestApp, type DocumentTestApp } from '../../test/document-test-app.ts';
import { createPdfEngine } from '../pdf-engine/index.ts';
import { findSoffice } from './office-converter.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const soffice = await findSoffice();
// Never a silent skip: `npm test`'s pretest step (scripts/ensure-debian-packages.mjs) installs it.
if (!soffice)
  throw new Error(
    'these tests need LibreOffice (the Debian package libreoffice-writer-nogui); run `node scripts/ensure-debian-packages.mjs` (npm test does)',
  );

let t: DocumentTestApp;
let removing: DocumentTestApp;
beforeAll(async () => {
  t = await createDocumentTestApp(await createTestDatabase('limits'), { limits: { maxUnzippedMb: 8 } });
  removing = await createDocumentTestApp(await createTestDatabase('limits'), { limits: { activeContent: 'remove' } });
});
afterAll(async () => {
  await t?.close();
  await removing?.close();
});

const upload = (app: DocumentTestApp, body: Buffer, headers: Record<string, string> = {}) =>
  app.app.request('/v1/documents', {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/pdf', ...headers },
  });

/** What the harness keeps: rows and blob files. */
async function kept(app: DocumentTestApp): Promise<{ rows: number; files: string[] }> {
  const r = await app.db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows: Number(r.n), files: await app.blobFiles() };
}

describe('limits of an uploaded PDF', () => {
  it('refuses 20,000 blank pages with 413 naming the page limit, in Danish or English, and keeps nothing', async () => {
    const before = await kept(t);
    const res = await upload(t, blankPagesPdf(20_000));
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'pdf_limit_pages', details: { limit: 'pages', max: 10000 } });
    expect(error.message).toContain('20000 sider; grænsen er 10000');
    const en = await (await upload(t, blankPagesPdf(20_000), { 'accept-language': 'en-GB,en;q=0.9' })).json();
    expect(en.error.message).toContain('20000 pages; the limit is 10000');
    expect(await kept(t)).toEqual(before);
  });

  it('refuses a stream that inflates past the limit with 413 naming it, and keeps nothing', async () => {
    const before = await kept(t);
    const res = await upload(t, inflateBombPdf());
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'pdf_limit_inflated', details: { limit: 'inflated', max: 64 * 2 ** 20 } });
    expect(error.message).toContain('64 MB');
    expect(await kept(t)).toEqual(before);
  });
});

describe('active content', () => {
  it.each([
    ['a JavaScript OpenAction', () => javascriptOpenActionPdf(), 'javascript', 'JavaScript'],
    ['an embedded file', () => embeddedFilePdf(), 'embedded_file', 'indlejrede filer'],
    ['a launch action', () => launchLinkPdf(), 'launch', 'Launch'],
  ])('refuses %s with 422 naming what was found, and keeps nothing', async (_, make, kind, named) => {
    const before = await kept(t);
    const res = await upload(t, await make());
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('pdf_active_content');
    expect(error.details.found.map((f: { kind: string }) => f.kind)).toEqual([kind]);
    expect(error.message).toContain(named);
    expect(error.message).toContain('Digital Post afviser aktivt indhold');
    expect(await kept(t)).toEqual(before);
  });

  it('removes it instead when the config says so, keeping only the cleaned PDF', async () => {
    const original = await javascriptOpenActionPdf();
    const res = await upload(removing, original);
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc.pages).toBe(1);
    const stored = Buffer.from(await (await removing.app.request(`/v1/documents/${doc.id}/content`)).arrayBuffer());
    expect(stored.equals(original)).toBe(false);
    // Read by an engine of its own: the stored PDF carries no active content.
    const engine = createPdfEngine({ threads: 1 });
    try {
      expect((await engine.inspect({ bytes: stored }, { recipients: false, activeContent: true })).activeContent).toEqual([]);
    } finally {
      await engine.close();
    }
    expect(await removing.blobFiles()).toHaveLength(1);
  });
});

describe('Word documents', () => {
  it('refuses a zip bomb with 413 naming the unzip limit before LibreOffice sees it, and keeps nothing', async () => {
    const before = await kept(t);
    const bomb = await zipBombDocx(64 * 2 ** 20);
    expect(bomb.length).toBeLessThan(1 * 2 ** 20);
    const res = await upload(t, bomb, { 'content-type': DOCX_TYPE, 'content-disposition': 'attachment; filename="brev.docx"' });
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'document_limit_unzipped', details: { limit: 'unzipped' } });
    expect(error.message).toContain('grænsen er 8 MB');
    expect(await kept(t)).toEqual(before);
  });

  it('stops LibreOffice at the conversion time limit with 422 naming it (needs soffice)', async () => {
    const quick = await createDocumentTestApp(await createTestDatabase('limits'), { limits: { convertSeconds: 1 } });
    try {
      // LibreOffice takes seconds to start: a one-second limit stops it every time.
      const res = await upload(quick, DOCX_FIXTURE(), { 'content-type': DOCX_TYPE, 'accept-language': 'en' });
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe('conversion_limit_time');
      expect(error.message).toContain('more than 1 s');
      expect(await kept(quick)).toEqual({ rows: 0, files: [] });
    } finally {
      await quick.close();
    }
  });
});
