/**
 * Browser end-to-end: the Word and Outlook task panes and the /send page in headless Chromium
 * against a real platform with the sandbox provider. Office.js is a stub that hands the panes a
 * real document; everything after that (upload, preview, send, live status) is real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { launchChromium, openPane, paneOrigin, shot, signIn } from './browser-harness.ts';

/** A real PDF of `pages` pages, padded with an image-free content stream so it spans slices. */
async function letterPdf(pages: number, title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage();
    page.drawText(`${title} - side ${i + 1}`, { x: 50, y: 780, size: 16, font });
    for (let l = 0; l < 40; l++) page.drawText(`Linje ${l + 1}: Du indkaldes til samtale.`, { x: 50, y: 740 - l * 16, size: 10, font });
  }
  return Buffer.from(await doc.save());
}

let platform: TestPlatform;
let front: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  platform = await startTestPlatform();
  front = await paneOrigin(platform);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await front?.close();
  await platform?.close();
});

/** Fills one CPR recipient and an AFTALE action, previews, sends, and waits for the sandbox's answer. */
async function recipientsActionPreviewSend(page: Page, name: string): Promise<void> {
  await page.getByTestId('recipient-id-0').fill('010190-43');
  await expect.poll(() => page.getByText('Ugyldigt CPR-nummer').count()).toBeGreaterThan(0); // validated as you type
  await page.getByTestId('recipient-id-0').fill('010190-4321');
  await expect.poll(() => page.getByText('Ugyldigt CPR-nummer').count()).toBe(0);
  await page.getByTestId('action-code').selectOption('AFTALE');
  await page.getByTestId('action-start').fill('2026-12-03T10:00');
  await page.getByTestId('action-end').fill('2026-12-03T11:00');
  await page.getByTestId('action-place').fill('Jobcenter Aarhus, Værkmestergade 25');
  await page.getByTestId('preview-button').click();
  await page.getByTestId('preview').waitFor();
  await expect.poll(() => page.getByTestId('preview-channel-0').textContent()).toContain('Digital post');
  await shot(page, `${name}-1-preview`);
  await page.getByTestId('send-button').click();
  await page.locator('[data-testid=letter][data-status=delivered_digital]').waitFor({ timeout: 60_000 });
  await shot(page, `${name}-2-delivered`);
}

describe('Word task pane', () => {
  it('exports the open document in slices, and a caseworker sends it with an appointment and sees it delivered', async () => {
    const pdf = await letterPdf(3, 'Indkaldelse til samtale');
    const page = await openPane(browser, {
      host: 'Word',
      word: { base64: pdf.toString('base64'), slices: 4, url: 'C:\\Sager\\Indkaldelse.docx', title: 'Indkaldelse til samtale', pdf: true },
    });
    await page.goto(`${front.url}/addins/word/taskpane.html`);
    await shot(page, 'word-0-sign-in');
    await signIn(page, platform.token);
    await expect.poll(() => page.getByTestId('subject').inputValue()).toBe('Indkaldelse til samtale'); // from the title property
    const upload = page.waitForResponse((r) => r.url().endsWith('/v1/documents') && r.request().method() === 'POST');
    const sending = recipientsActionPreviewSend(page, 'word');
    const doc = (await (await upload).json()) as { pages: number; bytes: number; filename: string };
    await sending;
    expect(doc).toMatchObject({ pages: 3, bytes: pdf.length, filename: 'Indkaldelse.pdf' });
    const log = await page.evaluate(() => window.__officeLog);
    expect(log).toEqual([`open pdf ${4 * 1024 * 1024}`, 'slice 0', 'slice 1', 'slice 2', 'slice 3', 'close']);
  });
});

describe('Outlook task pane', () => {
  it('sends an e-mail with an HTML body, an inline image and two attachments', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const [a1, a2] = await Promise.all([letterPdf(1, 'Bilag 1'), letterPdf(2, 'Bilag 2')]);
    const page = await openPane(browser, {
      host: 'Outlook',
      outlook: {
        subject: 'Svar på din ansøgning',
        from: { displayName: 'Jobcenter Aarhus', emailAddress: 'jobcenter@aarhus.dk' },
        to: [{ displayName: 'Sagsbehandler', emailAddress: 'sb@aarhus.dk' }],
        date: '2026-11-20T09:00:00Z',
        html: '<html><body><p>Kære borger</p><p>Vi har modtaget din ansøgning. Blåbærgrød, æøå ÆØÅ.</p><img src="cid:logo@brevdue" alt="logo"></body></html>',
        attachments: [
          {
            id: 'att-logo',
            name: 'logo.png',
            contentType: 'image/png',
            isInline: true,
            contentId: 'logo@brevdue',
            base64: png.toString('base64'),
          },
          { id: 'att-1', name: 'Bilag 1.pdf', contentType: 'application/pdf', isInline: false, base64: a1.toString('base64') },
          { id: 'att-2', name: 'Bilag 2.pdf', contentType: 'application/pdf', isInline: false, base64: a2.toString('base64') },
        ],
        mailbox18: true,
      },
    });
    await page.goto(`${front.url}/addins/outlook/taskpane.html`);
    await signIn(page, platform.token);
    await expect.poll(() => page.getByTestId('subject').inputValue()).toBe('Svar på din ansøgning');
    const upload = page.waitForResponse((r) => r.url().endsWith('/v1/documents/from-email'));
    const sending = recipientsActionPreviewSend(page, 'outlook');
    const res = await upload;
    const sent = JSON.parse(res.request().postData() ?? '{}') as {
      inlineImages: Array<{ cid: string }>;
      attachments: Array<{ filename: string }>;
      html: string;
    };
    expect(sent.inlineImages.map((i) => i.cid)).toEqual(['logo@brevdue']);
    expect(sent.attachments.map((a) => a.filename)).toEqual(['Bilag 1.pdf', 'Bilag 2.pdf']);
    expect(sent.html).toContain('æøå');
    const body = (await res.json()) as { mainDocument: { id: string }; attachments: unknown[]; refused: unknown[] };
    expect(res.status()).toBeLessThan(300);
    expect(body.attachments).toHaveLength(2);
    expect(body.refused).toEqual([]);
    await sending;
  });

  it('without Mailbox 1.8 explains that only the text is sent', async () => {
    const page = await openPane(browser, {
      host: 'Outlook',
      outlook: {
        subject: 'Gammel Exchange',
        from: { displayName: 'A', emailAddress: 'a@b.dk' },
        to: [],
        date: '2026-11-20T09:00:00Z',
        html: '<p>Hej</p>',
        attachments: [],
        mailbox18: false,
      },
    });
    await page.goto(`${front.url}/addins/outlook/taskpane.html`);
    await signIn(page, platform.token);
    await page
      .getByText(/Mailbox 1\.8/)
      .first()
      .waitFor();
    await shot(page, 'outlook-3-no-mailbox-1.8');
  });
});

describe('/send page', () => {
  it('refuses a file over 99.5 MB before uploading, then sends a dropped PDF', async () => {
    const page = await openPane(browser, { host: 'Word' });
    await page.goto(`${front.url}/send`);
    await signIn(page, platform.token);
    const drop = async (name: string, b64: string | null, size = 0) => {
      const dt = await page.evaluateHandle(
        ({ name, b64, size }) => {
          const dt = new DataTransfer();
          const data = b64 ? Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)) : new Uint8Array(size);
          dt.items.add(new File([data], name, { type: 'application/pdf' }));
          return dt;
        },
        { name, b64, size },
      );
      await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
    };
    let uploads = 0;
    page.on('request', (r) => r.url().endsWith('/v1/documents') && uploads++);
    await drop('stor.pdf', null, 100 * 1024 * 1024);
    await expect.poll(() => page.getByTestId('file-error').textContent()).toContain('99,5 MB');
    expect(uploads).toBe(0);
    await shot(page, 'send-0-too-large');
    await drop('Afgørelse om boligstøtte.pdf', (await letterPdf(2, 'Afgørelse')).toString('base64'));
    await expect.poll(() => page.getByTestId('subject').inputValue()).toBe('Afgørelse om boligstøtte');
    await recipientsActionPreviewSend(page, 'send');
    expect(uploads).toBe(1);
  });
});
