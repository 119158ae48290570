/**
 * @module
 * What the browser tests share: headless Chromium (Debian's, through playwright-core), the
 * Office.js stub bundled and served in place of the CDN script, a front URL that serves the
 * task panes, and screenshots under /tmp/brevdue-shots/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { OFFICE_JS_URL } from '@brevdue/addins/build';
import { webRoutes } from '../../platform/src/web/web-routes.ts';
import type { TestPlatform } from '../support/platform.ts';

export const SHOTS = '/tmp/brevdue-shots';

/** Launches the Chromium the repo tests with (CHROMIUM_PATH overrides /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

let stubJs: Promise<string> | undefined;
/** The Office.js stub as one script. */
export function officeStubScript(): Promise<string> {
  stubJs ??= build({
    entryPoints: [fileURLToPath(new URL('./office-stub.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome100',
  }).then((r) => r.outputFiles[0]!.text);
  return stubJs;
}

/**
 * Opens a page whose Office.js is the stub configured with `config`, and which may reach
 * nothing but the test servers.
 */
export async function openPane(browser: Browser, config: unknown): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 380, height: 900 }, deviceScaleFactor: 1, locale: 'da-DK' });
  await page.addInitScript((c) => Object.assign(window, { __officeStub: c }), config);
  const js = await officeStubScript();
  await page.route(OFFICE_JS_URL, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: js }));
  // Nothing else leaves the machine.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.request().url() === OFFICE_JS_URL ? route.fallback() : route.abort(),
  );
  return page;
}

/** Signs in with the platform token in the pane's first-run form (the trial option where sign-in is configured). */
export async function signIn(page: Page, token: string): Promise<void> {
  const trial = page.getByTestId('trial-toggle');
  await page.getByTestId('token').or(trial).first().waitFor();
  if (await trial.isVisible()) await trial.click();
  await page.getByTestId('token').fill(token);
  await page.getByTestId('token-submit').click();
  // Word and Outlook show the subject at once; /send first asks for a document.
  await page.getByTestId('subject').or(page.getByTestId('drop-zone')).first().waitFor();
}

/** Saves a screenshot under /tmp/brevdue-shots/. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * The URL serving the panes with the platform's API on the same origin. Where the platform
 * already mounts `webRoutes` that is the platform itself; otherwise a front server on a free
 * port serves the pages and passes everything else through to the platform.
 */
export async function paneOrigin(p: TestPlatform): Promise<{ url: string; close: () => Promise<void> }> {
  if ((await fetch(`${p.url}/send`)).status === 200) return { url: p.url, close: async () => {} };
  const app = new Hono();
  app.route('/', webRoutes(p.runtime));
  app.all('*', (c) => {
    const u = new URL(c.req.url);
    const headers = new Headers(c.req.raw.headers);
    headers.delete('host');
    const hasBody = !['GET', 'HEAD'].includes(c.req.method);
    return fetch(`${p.url}${u.pathname}${u.search}`, {
      method: c.req.method,
      headers,
      body: hasBody ? c.req.raw.body : undefined,
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((r) => server.close(() => r())) }),
    );
  });
}
