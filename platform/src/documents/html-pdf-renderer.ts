/**
 * @module
 * Prints HTML to PDF with Chromium (playwright-core, Debian's `chromium`). One browser per
 * process, launched on first use and closed by `closeHtmlPdfRenderer()` at shutdown; each page
 * gets a fresh browser context with JavaScript disabled and every request except the page
 * itself aborted, so an e-mail can neither run code nor call out (tracking pixels, remote CSS).
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { createLimiter } from './limiter.ts';

/** Chromium is not installed where the platform runs. */
export class RendererMissingError extends Error {
  constructor(path: string) {
    super(`Chromium not found at ${path}`);
    this.name = 'RendererMissingError';
  }
}

// `.invalid` never resolves (RFC 2606); the page is served from memory by the route below.
const PAGE_URL = 'http://brevdue.invalid/email.html';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--dns-prefetch-disable',
  // Belt and braces: even if a request slipped past the route, no host name resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

let browser: Promise<Browser> | null = null;
const limit = createLimiter(2);

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

async function getBrowser(): Promise<Browser> {
  if (!browser) {
    const path = chromiumPath();
    browser = (async () => {
      try {
        await access(path, constants.X_OK);
      } catch {
        throw new RendererMissingError(path);
      }
      const b = await chromium.launch({ executablePath: path, args: ARGS });
      // A crashed browser is replaced on the next render.
      b.on('disconnected', () => {
        browser = null;
      });
      return b;
    })();
    browser.catch(() => {
      browser = null;
    });
  }
  return browser;
}

/**
 * Prints a complete HTML page (UTF-8) to an A4 PDF.
 * @throws RendererMissingError when Chromium is not installed
 */
export async function renderHtmlToPdf(html: string): Promise<Buffer> {
  return limit(async () => {
    const b = await getBrowser();
    const context = await b.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', acceptDownloads: false, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    try {
      await context.route('**/*', (route) =>
        route.request().url() === PAGE_URL
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8') })
          : route.abort('blockedbyclient'),
      );
      const page = await context.newPage();
      await page.goto(PAGE_URL, { waitUntil: 'load', timeout: 60_000 });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  });
}

/** Closes the shared browser, if one was launched. Call at shutdown; safe to call twice. */
export async function closeHtmlPdfRenderer(): Promise<void> {
  const b = browser;
  browser = null;
  if (!b) return;
  try {
    await (await b).close();
  } catch {
    // never launched, or already gone
  }
}
