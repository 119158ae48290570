/**
 * @module
 * Prints HTML to PDF with Chromium (playwright-core, Debian's `chromium`). One browser per
 * process, launched on first use and closed by `closeHtmlPdfRenderer()` at shutdown; each page
 * gets a fresh browser context with JavaScript disabled and every request except the page
 * itself aborted, so an e-mail can neither run code nor call out (tracking pixels, remote CSS).
 * The browser runs with its data segment capped (`ulimit -d`, inherited by every Chromium
 * process) and each render with a time limit, so a hostile e-mail cannot take the machine.
 */
import { constants } from 'node:fs';
import { access, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createLimiter } from './limiter.ts';

/** A render went past its time or memory limit and was stopped; `max` in seconds or MB. */
export class RenderLimitError extends Error {
  readonly limit: 'time' | 'memory';
  readonly max: number;
  constructor(limit: 'time' | 'memory', max: number) {
    super(`Chromium went past its ${limit} limit (${max} ${limit === 'time' ? 's' : 'MB'})`);
    this.name = 'RenderLimitError';
    this.limit = limit;
    this.max = max;
  }
}

/** Limits of a render; the memory cap is fixed when the browser starts (the first render). */
export interface RenderLimits {
  /** Data segment of each Chromium process in MB (default 2048). */
  memoryMb?: number;
  /** Most seconds one render may take (default 60). */
  seconds?: number;
}

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

let browser: Promise<{ browser: Browser; memoryMb: number; dir: string }> | null = null;
const limit = createLimiter(2);

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** A POSIX shell quote of `s`. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Launches Chromium through a small script that caps the data segment first: Node cannot set an
 * rlimit on a child, and an address-space cap (`ulimit -v`) would stop Chromium from starting
 * (V8 and PartitionAlloc reserve large ranges), while a data cap counts only memory in use.
 */
async function launch(path: string, memoryMb: number): Promise<{ browser: Browser; memoryMb: number; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-chromium-'));
  try {
    const script = join(dir, 'chromium');
    await writeFile(script, `#!/bin/sh\nulimit -d ${memoryMb * 1024} || exit 1\nexec ${quote(path)} "$@"\n`);
    await chmod(script, 0o700);
    const args = [...ARGS, `--js-flags=--max-old-space-size=${Math.max(64, Math.floor(memoryMb / 4))}`, '--renderer-process-limit=2'];
    return { browser: await chromium.launch({ executablePath: script, args }), memoryMb, dir };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function getBrowser(memoryMb: number): Promise<{ browser: Browser; memoryMb: number }> {
  if (!browser) {
    const path = chromiumPath();
    browser = (async () => {
      try {
        await access(path, constants.X_OK);
      } catch {
        throw new RendererMissingError(path);
      }
      const b = await launch(path, memoryMb);
      // A crashed browser is replaced on the next render.
      b.browser.on('disconnected', () => {
        browser = null;
        void rm(b.dir, { recursive: true, force: true });
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
 * @throws RenderLimitError past the time limit, or when the page crashed under the memory cap
 */
export async function renderHtmlToPdf(html: string, limits: RenderLimits = {}): Promise<Buffer> {
  const seconds = limits.seconds ?? 60;
  return limit(async () => {
    const b = await getBrowser(limits.memoryMb ?? 2048);
    const context = await b.browser.newContext({
      javaScriptEnabled: false,
      serviceWorkers: 'block',
      acceptDownloads: false,
      locale: 'da-DK',
      timezoneId: 'Europe/Copenhagen',
    });
    let timedOut = false;
    // Closing the context ends whatever the page is doing (layout, printing) at once.
    const timer = setTimeout(() => {
      timedOut = true;
      void context.close().catch(() => {});
    }, seconds * 1000);
    try {
      await context.route('**/*', (route) =>
        route.request().url() === PAGE_URL
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8') })
          : route.abort('blockedbyclient'),
      );
      const page = await context.newPage();
      let crashed = false;
      page.on('crash', () => (crashed = true));
      try {
        await page.goto(PAGE_URL, { waitUntil: 'load', timeout: seconds * 1000 });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } catch (e) {
        if (timedOut) throw new RenderLimitError('time', seconds);
        if (crashed) throw new RenderLimitError('memory', b.memoryMb);
        throw e;
      }
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
  });
}

/** Closes the shared browser, if one was launched. Call at shutdown; safe to call twice. */
export async function closeHtmlPdfRenderer(): Promise<void> {
  const b = browser;
  browser = null;
  if (!b) return;
  try {
    const { browser: running, dir } = await b;
    await running.close();
    await rm(dir, { recursive: true, force: true });
  } catch {
    // never launched, or already gone
  }
}
