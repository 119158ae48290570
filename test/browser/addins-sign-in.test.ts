/**
 * Browser: staff sign in to the Word task pane with their organisation's account, against the
 * sandbox's real OpenID provider. Without Nested App Authentication the pane opens the Office
 * dialog, which runs MSAL's authorization code + PKCE flow and hands the token back; with it,
 * MSAL's nestable client asks the host's bridge (the Office stub speaking MSAL's bridge
 * protocol, with tokens the provider issued). Either way the API verifies the bearer JWT.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OFFICE_JS_URL } from '@brevdue/addins/build';
import { launchChromium, officeStubScript, shot } from './browser-harness.ts';
import { PANE_CLIENT, PASSWORD, startSignInWorld, type SignInWorld } from './sign-in-idp.ts';

let world: SignInWorld;
let browser: Browser;

beforeAll(async () => {
  [world, browser] = await Promise.all([startSignInWorld(), launchChromium()]);
});
const contexts: BrowserContext[] = [];
// A failed test leaves its dialog open: close every context, so the next test starts clean.
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** A context whose every page (the dialog too) gets the Office stub with `config`; only loopback is reachable. */
async function paneContext(config: unknown): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 380, height: 800 }, locale: 'da-DK', ignoreHTTPSErrors: true });
  contexts.push(context);
  await context.addInitScript((c) => Object.assign(window, { __officeStub: c }), config);
  const js = await officeStubScript();
  await context.route(OFFICE_JS_URL, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: js }));
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.request().url() === OFFICE_JS_URL ? route.fallback() : route.abort(),
  );
  return context;
}

const word = {
  base64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
  slices: 1,
  url: 'C:\\Sager\\Brev.docx',
  title: 'Afgørelse',
  pdf: true,
};

async function officeLog(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__officeLog);
}

describe('Word pane sign-in with an organisation account', () => {
  it('without Nested App Authentication signs in through the Office dialog, and the API gets the bearer token', async () => {
    world.authConfig.sandbox = true;
    const context = await paneContext({ host: 'Word', word });
    const page = await context.newPage();
    await page.goto(`${world.origin}/addins/word/taskpane.html`);
    await page.getByTestId('sign-in-account').waitFor();
    await expect.poll(() => page.getByTestId('trial-toggle').isVisible()).toBe(true); // the trial option is there, not the default
    expect(await page.getByTestId('token').count()).toBe(0);
    await shot(page, 'signin-0-pane');

    const dialogOpened = context.waitForEvent('page');
    await page.getByTestId('sign-in-account').click();
    const dialog = await dialogOpened;
    if (process.env.DEBUG_SIGNIN) {
      dialog.on('console', (m) => console.log('DIALOG', m.text()));
      dialog.on('requestfailed', (r) => console.log('FAILED', r.url(), r.failure()?.errorText));
      dialog.on('framenavigated', (f) => console.log('NAV', f.url()));
    }
    await expect.poll(() => dialog.title(), { timeout: 20_000 }).toBe('Log ind på Brevdue'); // the provider's own page
    await dialog.getByLabel('Brugernavn (e-mail)').fill('sender@demo.example');
    await dialog.getByLabel('Adgangskode').fill(PASSWORD);
    await shot(dialog, 'signin-1-dialog');
    const before = world.seen.length;
    await dialog.getByRole('button', { name: 'Log ind' }).click();

    await page.getByTestId('subject').waitFor({ timeout: 30_000 }); // signed in: the send flow
    await expect.poll(() => dialog.isClosed()).toBe(true);
    const calls = world.seen.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.auth).toMatchObject({ kind: 'bearer', upn: 'sender@demo.example' });
    const log = await officeLog(page);
    expect(log).toContain('dialog /addins/web/sign-in-dialog.html');
    expect(log).toContain('dialog closed');
    expect(log.filter((l) => l.startsWith('naa'))).toEqual([]);
    await shot(page, 'signin-2-signed-in');
  });

  it('says so when the user closes the dialog, and stays signed out (in English by the switch)', async () => {
    world.authConfig.sandbox = true;
    const context = await paneContext({ host: 'Word', word });
    const page = await context.newPage();
    await page.goto(`${world.origin}/addins/word/taskpane.html?lang=en`);
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).waitFor();
    const dialogOpened = context.waitForEvent('page');
    await page.getByTestId('sign-in-account').click();
    const dialog = await dialogOpened;
    await dialog.getByLabel('Adgangskode').waitFor();
    await dialog.close();
    await page.getByText('Sign-in was cancelled').waitFor();
    expect(await page.getByTestId('subject').count()).toBe(0);
  });

  it('with Nested App Authentication uses MSAL’s nestable client and the host’s bridge, not the dialog', async () => {
    world.authConfig.sandbox = false; // NAA is for Entra ID; the stub's bridge stands in for the host's broker
    // The host's broker would sign the Office user in at the provider; the test does that for it.
    const tokens = await world.signInAsHost('teamlead@demo.example');
    const account = {
      homeAccountId: `0b9e1a2c.${world.idp.tenantId}`,
      environment: new URL(world.idp.issuer).host,
      tenantId: world.idp.tenantId,
      username: 'teamlead@demo.example',
      localAccountId: '0b9e1a2c',
      name: 'Tine Teamleder',
    };
    const naa = {
      clientId: PANE_CLIENT,
      scope: world.idp.apiScope,
      token: { accessToken: tokens.accessToken, idToken: tokens.idToken, expiresIn: tokens.expiresIn },
      account,
    };
    const context = await paneContext({ host: 'Word', word, naa });
    const page = await context.newPage();
    await page.goto(`${world.origin}/addins/word/taskpane.html`);
    await page.getByTestId('sign-in-account').waitFor(); // the silent request needed the user first
    const before = world.seen.length;
    await page.getByTestId('sign-in-account').click();
    await page.getByTestId('subject').waitFor({ timeout: 30_000 });
    const calls = world.seen.slice(before);
    expect(calls.map((c) => c.auth)).toEqual([{ kind: 'bearer', upn: 'teamlead@demo.example', token: tokens.accessToken }]);
    const log = await officeLog(page);
    expect(log.filter((l) => l.startsWith('naa'))).toEqual(['naa GetInitContext', 'naa GetToken', 'naa GetTokenPopup']);
    expect(log.filter((l) => l.startsWith('dialog'))).toEqual([]);
  });
});

describe('/send sign-in with the session cookie', () => {
  it('signs in through /auth/sign-in, sends the cookie and CSRF header but no token, and goes back to sign-in on 401', async () => {
    world.authConfig.sandbox = true;
    const context = await paneContext({ host: 'Word' });
    const page = await context.newPage();
    await page.goto(`${world.origin}/send`);
    const before = world.seen.length;
    await page.getByTestId('sign-in-account').click();
    await page.getByTestId('drop-zone').waitFor(); // back from /auth/sign-in with the session
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: nothing for page script

    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
    const dt = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'Brev.pdf', { type: 'application/pdf' }));
      return dt;
    }, pdf);
    // /send uploads a chosen file at once (so a refused one is reported at once): a POST with the cookie.
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
    await expect.poll(() => world.seen.slice(before).filter((c) => c.path === '/auth/sign-in').length, { timeout: 20_000 }).toBe(2);
    await page.getByTestId('drop-zone').waitFor();
    const calls = world.seen.slice(before);
    expect(calls.find((c) => c.path === '/v1/documents')?.auth).toEqual({ kind: 'cookie', csrf: true, authorization: false });
    expect(calls.filter((c) => c.path === '/auth/sign-in').map((c) => c.auth)).toEqual([
      { kind: 'none', query: '?returnTo=%2Fsend' },
      { kind: 'none', query: '?returnTo=%2Fsend' },
    ]);
    // On arrival no session (and no token either), then the cookie each time the page came back.
    expect(calls.filter((c) => c.path === '/v1/me').map((c) => c.auth)).toEqual([
      { kind: 'refused', reason: 'no bearer' },
      { kind: 'cookie', csrf: false, authorization: false },
      { kind: 'cookie', csrf: false, authorization: false },
    ]);
  });
});
