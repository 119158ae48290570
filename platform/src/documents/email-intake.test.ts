import { once } from 'node:events';
import { access } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { makeTextPdf } from '../../test/document-fixtures.ts';
import { closeDocumentServices } from './document-routes.ts';
import { createDocumentTestApp, type DocumentTestApp } from '../../test/document-test-app.ts';
import { MAX_EMAIL_REQUEST_BYTES } from './email-intake.ts';
import { bufferSource } from './pdf-source.ts';
import { openPdf } from '../../test/pdf-reader.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = await access(CHROMIUM).then(
  () => true,
  () => false,
);
// Never a silent skip: `npm test`'s pretest step (scripts/ensure-debian-packages.mjs) installs it.
if (!hasChromium)
  throw new Error('these tests need Chromium (the Debian package chromium); run `node scripts/ensure-debian-packages.mjs` (npm test does)');

let t: DocumentTestApp;
let server: Server;
const hits: string[] = [];
let port = 0;

beforeAll(async () => {
  t = await createDocumentTestApp(await createTestDatabase('mail'));
  // Stands in for the internet: a tracking pixel or remote stylesheet would land here.
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await closeDocumentServices();
  server?.close();
  await t?.close();
});

const postEmail = (body: unknown, headers: Record<string, string> = {}) =>
  t.app.request('/v1/documents/from-email', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-test-org': 'a', ...headers },
  });

/** A real PNG: a red square drawn and captured by Chromium. */
async function redSquarePng(): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 40, height: 40 } });
    await page.setContent('<body style="margin:0;background:#c00"></body>');
    return await page.screenshot({ type: 'png' });
  } finally {
    await browser.close();
  }
}

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await openPdf(bufferSource(pdf));
  let text = '';
  try {
    for (let i = 1; i <= doc.numPages; i++) {
      const items = (await (await doc.getPage(i)).getTextContent()).items;
      text += items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('') + '\n';
    }
  } finally {
    await doc.destroy();
  }
  return text;
}

async function imageCount(pdf: Buffer): Promise<number> {
  const doc = await openPdf(bufferSource(pdf));
  try {
    const ops = await (await doc.getPage(1)).getOperatorList();
    return ops.fnArray.filter((f) => f === OPS.paintImageXObject || f === OPS.paintInlineImageXObject).length;
  } finally {
    await doc.destroy();
  }
}

const email = (over: Record<string, unknown> = {}) => ({
  subject: 'Møde på rådhuset',
  from: { name: 'Åse Ørsted', email: 'aase@kommune.dk' },
  to: [{ name: 'Søren Ærø', email: 'soeren@example.dk' }],
  cc: [{ email: 'arkiv@kommune.dk' }],
  date: '2026-11-24T10:00:00+01:00',
  html: '<p>Hej</p>',
  inlineImages: [],
  attachments: [],
  ...over,
});

describe('POST /v1/documents/from-email', () => {
  it('prints the e-mail to PDF with header, æøå and inline image, keeps the PDF attachment and refuses the .exe (needs Chromium)', async () => {
    const png = await redSquarePng();
    const attachment = await makeTextPdf([['Bilag 1: dagsorden']]);
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' +
      `<link rel="stylesheet" href="http://127.0.0.1:${port}/remote.css"></head>` +
      '<body><p>Kære Søren, vi ses på rådhuset. Æbler, øl og åkander.</p>' +
      '<p><img src="cid:logo.png@01DB" width="40" height="40" alt="logo"></p>' +
      `<img src="http://127.0.0.1:${port}/pixel.png" width="1" height="1">` +
      '<script>document.write("SCRIPT-RAN")</script></body></html>';
    const res = await postEmail(
      email({
        html,
        inlineImages: [{ cid: '<logo.png@01DB>', contentType: 'image/png', base64: png.toString('base64') }],
        attachments: [
          { filename: 'dagsorden.pdf', contentType: 'application/pdf', base64: attachment.toString('base64') },
          {
            filename: 'virus.exe',
            contentType: 'application/x-msdownload',
            base64: Buffer.from('MZ\x90\x00 this program cannot be run').toString('base64'),
          },
        ],
      }),
    );
    expect(res.status).toBe(201);
    const out = await res.json();
    expect(out.mainDocument).toMatchObject({ mediaType: 'application/pdf', filename: 'Møde på rådhuset.pdf', source: 'email' });
    expect(out.mainDocument.pages).toBeGreaterThanOrEqual(1);
    expect(out.attachments).toHaveLength(1);
    expect(out.attachments[0]).toMatchObject({
      filename: 'dagsorden.pdf',
      bytes: attachment.length,
      pages: 1,
      mediaType: 'application/pdf',
    });
    expect(out.refused).toEqual([{ filename: 'virus.exe', reason: expect.stringContaining('virus.exe') }]);
    expect(out.refused[0].reason).toContain('PDF');
    expect(out.warnings).toEqual([]);

    const pdf = Buffer.from(await (await t.app.request(`/v1/documents/${out.mainDocument.id}/content`)).arrayBuffer());
    const text = await pdfText(pdf);
    expect(text).toContain('Kære Søren, vi ses på rådhuset. Æbler, øl og åkander.');
    expect(text).toContain('Møde på rådhuset');
    expect(text).toContain('Åse Ørsted <aase@kommune.dk>');
    expect(text).toContain('24. november 2026');
    expect(text).not.toContain('SCRIPT-RAN');
    expect(await imageCount(pdf)).toBeGreaterThanOrEqual(1);
    expect(hits).toEqual([]);

    const kept = Buffer.from(await (await t.app.request(`/v1/documents/${out.attachments[0].id}/content`)).arrayBuffer());
    expect(kept.equals(attachment)).toBe(true);
  });

  it('warns about an inline image that was not sent, and relaunches the browser after close (needs Chromium)', async () => {
    await closeDocumentServices();
    const res = await postEmail(email({ html: '<p>Se billedet: <img src="cid:mangler@x"></p>' }));
    expect(res.status).toBe(201);
    const out = await res.json();
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('cid:mangler@x');
    const pdf = Buffer.from(await (await t.app.request(`/v1/documents/${out.mainDocument.id}/content`)).arrayBuffer());
    expect(await imageCount(pdf)).toBe(0);
  });

  it('answers 413 when the content exceeds 99.5 MB, before rendering anything', async () => {
    const before = await t.db.selectFrom('documents').select('id').execute();
    const big = 'A'.repeat(Math.ceil(((MAX_SHIPMENT_BYTES + 1024) * 4) / 3 / 4) * 4);
    const res = await postEmail(email({ attachments: [{ filename: 'stor.pdf', contentType: 'application/pdf', base64: big }] }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('email_too_large');
    expect(await t.db.selectFrom('documents').select('id').execute()).toEqual(before);
  });

  it('answers 413 from Content-Length alone', async () => {
    const res = await postEmail(email(), { 'content-length': String(MAX_EMAIL_REQUEST_BYTES + 1) });
    expect(res.status).toBe(413);
  });

  it('answers 400 naming the field for a bad request', async () => {
    const res = await postEmail(email({ date: 'i går' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('date');
    const bad64 = await postEmail(email({ attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', base64: '!!!' }] }));
    expect(bad64.status).toBe(400);
  });
});
