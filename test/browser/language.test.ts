/**
 * Browser: the task panes and /send show one language at a time — Danish by default, English by
 * the switch in the header (kept for the next visit) or by Office's display language in Word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform } from '../support/platform.ts';
import { launchChromium, openPane, paneOrigin, shot, signIn } from './browser-harness.ts';

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

const header = (page: Page) => page.locator('header').innerText();
const word = (displayLanguage?: string) => ({
  host: 'Word',
  ...(displayLanguage ? { displayLanguage } : {}),
  word: { base64: MINIMAL_PDF.toString('base64'), slices: 1, url: 'https://x/brev.docx', title: 'brev.docx', pdf: true },
});

describe('one language at a time', () => {
  it('/send is Danish, and the switch shows it all in English, kept for the next visit', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    await page.goto(`${front.url}/send`);
    await signIn(page, platform.token);
    await expect.poll(() => header(page)).toContain('Send som digital post');
    const danish = await page.locator('main').innerText();
    expect(danish).not.toContain('Send as digital post');
    expect(danish).not.toMatch(/[a-zæøå] \/ [A-Z]/); // no "Dansk / English" label

    await page.getByTestId('language-switch').click();
    await expect.poll(() => header(page)).toContain('Send as digital post');
    const english = await page.locator('main').innerText();
    expect(english).not.toContain('Send som digital post');
    expect(english).toContain('Dansk'); // the way back, named in its own language
    await shot(page, 'send-english');

    await page.goto(`${front.url}/send`);
    await expect.poll(() => header(page)).toContain('Send as digital post');
    await page.close();
  });

  it('the Word pane follows Office: English in an English Office, Danish in a Danish one', async () => {
    const en = await openPane(browser, word('en-US'));
    await en.goto(`${front.url}/addins/word/taskpane.html`);
    await expect.poll(() => header(en)).toContain('Send as digital post');
    await en.close();
    const da = await openPane(browser, word());
    await da.goto(`${front.url}/addins/word/taskpane.html`);
    await expect.poll(() => header(da)).toContain('Send som digital post');
    await da.close();
  });
});
