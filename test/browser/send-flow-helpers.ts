/**
 * @module
 * What the send-flow browser tests share: real letters as PDFs, how dark a drawn page is (so a
 * blank thumbnail fails), layout measures of a narrow pane, and screenshots for docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Locator, Page } from 'playwright-core';
import { OFFICE_JS_URL } from '@brevdue/addins/build';
import { officeStubScript } from './browser-harness.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** A real PDF letter of `pages` pages, each with a heading and forty lines of text. */
export async function letterPdf(pages: number, title: string): Promise<Buffer> {
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

/** The share of an image's pixels that are ink (not near-white): 0 for a blank page. */
export async function inkShare(img: Locator): Promise<number> {
  return img.evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    const c = document.createElement('canvas');
    c.width = el.naturalWidth;
    c.height = el.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(el, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i]! + px[i + 1]! + px[i + 2]! < 600) ink++;
    return ink / (px.length / 4);
  });
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** The `data-testid` of the focused element ('' when it has none). */
export async function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
}

/** The text of the element a field's `aria-describedby` points at. */
export async function describedBy(field: Locator): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  return field.evaluate(
    (_el, list) =>
      list
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    ids,
  );
}

/** Saves the viewport (or the whole page) as docs/screenshots/<name>.png. */
export async function docsScreenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

/**
 * As the harness's `openPane`, in a context of its own (axe needs one) of `width` px: Office.js is
 * the stub configured with `config`, and nothing but the test servers can be reached.
 */
export async function openPaneAt(browser: Browser, config: unknown, width: number, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'da-DK', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.addInitScript((c) => Object.assign(window, { __officeStub: c }), config);
  const js = await officeStubScript();
  await page.route(OFFICE_JS_URL, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: js }));
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.request().url() === OFFICE_JS_URL ? route.fallback() : route.abort(),
  );
  return page;
}
