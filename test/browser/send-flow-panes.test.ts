/**
 * Browser end-to-end of the Word and Outlook task panes at their real width, 320–360 px (issue
 * 18): nothing scrolls sideways, ✕ stays beside its row, Preview and Send stay in reach in a
 * command bar at the bottom, focus goes where the user works (after sign-in, after adding a
 * recipient), the letter's first page is drawn in the pane (fetched with the bearer token), axe
 * finds nothing serious; opened outside Office, the page says where it works and links to /send.
 * Screenshots of the panes at 350 px go to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { launchChromium, openPane, paneOrigin, signIn } from './browser-harness.ts';
import { seriousViolations } from './console-harness.ts';
import { docsScreenshot, focusedTestId, inkShare, letterPdf, openPaneAt, overflowsSideways } from './send-flow-helpers.ts';

let platform: TestPlatform;
let front: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  platform = await startTestPlatform({ extraPlugins: [{ package: '@brevdue/plugin-sandbox/register', config: {} }] });
  front = await paneOrigin(platform);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await front?.close();
  await platform?.close();
});

/** Whether `a` and `b` sit on one line (their vertical middles within the taller one's half height). */
async function sideBySide(page: Page, a: string, b: string): Promise<boolean> {
  const [x, y] = [await page.getByTestId(a).boundingBox(), await page.getByTestId(b).boundingBox()];
  if (!x || !y) return false;
  return Math.abs(x.y + x.height / 2 - (y.y + y.height / 2)) < Math.max(x.height, y.height) / 2 && y.x >= x.x + x.width;
}

/** Two recipients, an appointment, and the preview with the first page drawn. */
async function fillAndPreview(page: Page): Promise<void> {
  await page.getByTestId('recipient-id-0').fill('010190-4321');
  await page.getByTestId('add-recipient').click();
  await expect.poll(() => focusedTestId(page)).toBe('recipient-id-1'); // the new row takes the focus
  await page.getByTestId('recipient-id-1').fill('0505705555');
  await page.getByTestId('action-code').selectOption('AFTALE');
  await page.getByTestId('action-start').fill('2026-12-03T10:00');
  await page.getByTestId('action-end').fill('2026-12-03T11:00');
  await page.getByTestId('preview-button').click();
  await page.getByTestId('preview').waitFor();
  const thumb = page.getByTestId('letter-thumbnail').first().locator('img');
  await expect.poll(() => thumb.count(), { timeout: 20_000 }).toBe(1);
  expect(await inkShare(thumb)).toBeGreaterThan(0.005);
}

describe('Word task pane at 320–360 px', () => {
  it('fits the pane, keeps ✕ beside its row and Preview/Send in reach, focuses where the user works, and draws the letter', async () => {
    const pdf = await letterPdf(3, 'Indkaldelse til samtale');
    const page = await openPaneAt(
      browser,
      {
        host: 'Word',
        word: {
          base64: pdf.toString('base64'),
          slices: 2,
          url: 'C:\\Sager\\Indkaldelse.docx',
          title: 'Indkaldelse til samtale',
          pdf: true,
        },
      },
      350,
    );
    await page.goto(`${front.url}/addins/word/taskpane.html`);
    await signIn(page, platform.token);
    // After sign-in the focus is in the form, at the subject.
    await expect.poll(() => focusedTestId(page)).toBe('subject');
    await fillAndPreview(page);
    // The letter fetched for the thumbnail with the pane's bearer token: Word exported it, the pane drew it.
    expect(await page.getByTestId('preview-name-1').textContent()).toBe('Sofie Udenmobil · CPR 050570-XXXX');

    for (const width of [320, 350, 360]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await overflowsSideways(page), `${width} px`).toBe(false);
      expect(await sideBySide(page, 'recipient-id-0', 'remove-recipient-0'), `${width} px`).toBe(true);
      const remove = (await page.getByTestId('remove-recipient-1').boundingBox())!;
      expect(remove.x + remove.width, `${width} px`).toBeLessThanOrEqual(width);
    }
    // The page is longer than the pane; at the top, Preview and Send sit at the pane's bottom edge.
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(1600);
    const bar = (await page.getByTestId('command-bar').boundingBox())!;
    expect(Math.abs(bar.y + bar.height - 800)).toBeLessThan(2);
    expect(await page.getByTestId('send-button').isEnabled()).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 350, height: 900 });
    await page.getByTestId('preview').scrollIntoViewIfNeeded();
    await docsScreenshot(page, 'pane-word');
  }, 120_000);
});

describe('Word task pane: "Hent dokumentet igen"', () => {
  it('fetches the edited document from Word again, and the preview shows the new one', async () => {
    const before = await letterPdf(3, 'Indkaldelse til samtale');
    const page = await openPaneAt(
      browser,
      {
        host: 'Word',
        word: { base64: before.toString('base64'), slices: 2, url: 'C:\\Sager\\Indkaldelse.docx', title: 'Indkaldelse', pdf: true },
      },
      350,
    );
    const uploads: string[] = [];
    page.on('response', async (r) => {
      if (r.url().endsWith('/v1/documents') && r.request().method() === 'POST' && r.status() === 201)
        uploads.push(((await r.json()) as { id: string }).id);
    });
    await page.goto(`${front.url}/addins/word/taskpane.html`);
    await signIn(page, platform.token);
    await page.getByTestId('recipient-id-0').fill('010190-4321');
    await page.getByTestId('preview-button').click();
    const ready = page.getByTestId('document-ready');
    await expect.poll(() => ready.textContent()).toBe(`Indkaldelse.pdf · ${Math.round(before.length / 1024)} kB · 3 sider`);
    const thumb = page.getByTestId('letter-thumbnail').first();
    await expect.poll(() => thumb.getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/^Vis alle 3 sider: /);
    expect(await thumb.getAttribute('data-document')).toBe(uploads[0]);

    // The caseworker edits the document in Word (now one page, saved under another name) and fetches it again.
    const after = await letterPdf(1, 'Afslag på ansøgning');
    await page.evaluate((b64) => {
      const w = window as unknown as { __officeStub: { word: { base64: string } }; Office: { context: { document: { url: string } } } };
      w.__officeStub.word.base64 = b64;
      w.Office.context.document.url = 'C:\\Sager\\Afslag.docx';
    }, after.toString('base64'));
    const exportsBefore = await page.evaluate(() => window.__officeLog.filter((l) => l.startsWith('open ')).length);
    await page.getByTestId('reload-document').click();
    // The old document's preview goes at once: what would be sent is no longer what it showed.
    await page.getByTestId('preview').waitFor({ state: 'detached' });
    expect(await page.getByTestId('send-button').isDisabled()).toBe(true);
    await page.getByTestId('preview-button').click();
    await expect.poll(() => ready.textContent()).toBe(`Afslag.pdf · ${Math.round(after.length / 1024)} kB · 1 side`);
    expect(await page.evaluate(() => window.__officeLog.filter((l) => l.startsWith('open ')).length)).toBe(exportsBefore + 1);
    expect(uploads).toHaveLength(2);
    await expect.poll(() => thumb.getAttribute('data-document'), { timeout: 20_000 }).toBe(uploads[1]);
    await expect.poll(() => thumb.getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/^Vis siden: /);
    expect(await inkShare(thumb.locator('img'))).toBeGreaterThan(0.005);

    // What is sent is the new document.
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/shipments') && r.request().method() === 'POST');
    await page.getByTestId('send-button').click();
    expect((await sent).status()).toBe(201);
    expect((JSON.parse((await sent).request().postData() ?? '{}') as { mainDocument: string }).mainDocument).toBe(uploads[1]);
  }, 120_000);
});

describe('Outlook task pane at 350 px', () => {
  it('previews the mail as the letter it becomes, drawn in the pane', async () => {
    const page = await openPaneAt(
      browser,
      {
        host: 'Outlook',
        outlook: {
          subject: 'Svar på din ansøgning',
          from: { displayName: 'Jobcenter Aarhus', emailAddress: 'jobcenter@aarhus.dk' },
          to: [{ displayName: 'Sagsbehandler', emailAddress: 'sb@aarhus.dk' }],
          date: '2026-11-20T09:00:00Z',
          html: '<html><body><h1>Svar på din ansøgning</h1><p>Kære borger</p><p>Vi har modtaget din ansøgning og vender tilbage inden 14 dage.</p></body></html>',
          attachments: [],
          mailbox18: true,
        },
      },
      350,
      900,
    );
    await page.goto(`${front.url}/addins/outlook/taskpane.html`);
    await signIn(page, platform.token);
    await expect.poll(() => page.getByTestId('subject').inputValue()).toBe('Svar på din ansøgning');
    await fillAndPreview(page);
    expect(await overflowsSideways(page)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('preview').scrollIntoViewIfNeeded();
    await docsScreenshot(page, 'pane-outlook');
  }, 120_000);
});

describe('a pane page outside Office', () => {
  it('says to open it from Word or Outlook and links to /send, without Office.js and in another host', async () => {
    // No Office.js at all (a link opened in a browser that cannot reach Microsoft's CDN).
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: 'da-DK' });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const bare = await context.newPage();
    await bare.goto(`${front.url}/addins/word/taskpane.html`);
    await bare.getByTestId('outside-office').waitFor();
    expect(await bare.getByRole('heading', { level: 2 }).textContent()).toBe('Åbn Brevdue fra Word');
    expect(await bare.getByTestId('go-to-send').getAttribute('href')).toBe('/send');
    expect(await seriousViolations(bare)).toEqual([]);
    await bare.getByTestId('go-to-send').click();
    await bare.getByTestId('token').or(bare.getByTestId('trial-toggle')).first().waitFor();
    expect(new URL(bare.url()).pathname).toBe('/send');
    await context.close();

    // Office.js loaded, but the Outlook pane opened in Word (and the Word pane answers only Word).
    const page = await openPane(browser, { host: 'Word' });
    await page.goto(`${front.url}/addins/outlook/taskpane.html`);
    await page.getByTestId('outside-office').waitFor();
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Åbn Brevdue fra Outlook');
  }, 60_000);
});
