import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../../test/browser/browser-harness.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapClaims } from '../map-claims.ts';
import { parseIdentityConfig } from '../oidc-config.ts';
import { createAccessTokenVerifier } from '../verify-access-token.ts';
import { createWebSignIn, type WebSignIn } from '../web-sign-in.ts';
import { DEMO_GROUP_MAPPING, DEMO_USERS } from './demo-users.ts';
import { startSandboxIdp, type SandboxIdp } from './start-sandbox-idp.ts';

const PASSWORD = 'browser-test-password';
const CALLBACK = 'http://127.0.0.1:3996/auth/callback';
const SHOTS = '/tmp/brevdue-shots';

// A real browser signs in at the sandbox provider's page, as staff sign in at Entra ID.
// Chromium is Debian's, launched by test/browser/browser-harness.ts (CHROMIUM_PATH overrides).
describe('sandbox sign-in page in Chromium', () => {
  let dataDir: string;
  let idp: SandboxIdp;
  let web: WebSignIn;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'brevdue-idp-browser-'));
    idp = await startSandboxIdp({
      dataDir,
      audience: 'api://brevdue',
      password: PASSWORD,
      users: DEMO_USERS,
      clients: [{ clientId: 'brevdue-web', clientSecret: 'browser-secret', redirectUris: [CALLBACK] }],
    });
    web = createWebSignIn({
      issuer: idp.issuer,
      clientId: 'brevdue-web',
      clientSecret: 'browser-secret',
      redirectUri: CALLBACK,
      scopes: ['openid', 'profile', 'email', idp.apiScope],
      cookieSecret: 'browser-test-cookie-secret-of-32-chars',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in through the form (after a wrong password), in English by the switch, and the callback completes', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    // The platform's callback is stood in for: the browser's arrival there is what counts.
    let arrived: URL | undefined;
    await page.route(`${CALLBACK}**`, (route) => {
      arrived = new URL(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'ok' });
    });
    const { url, cookie } = await web.start({ returnTo: '/send' });
    await page.goto(url.href);

    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Log ind på Brevdue');
    await page.getByLabel('Brugernavn (e-mail)').fill('sender2@demo.example');
    await page.getByLabel('Adgangskode').fill('not-the-password');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toBe('Forkert brugernavn eller adgangskode.');

    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Sign in to Brevdue');
    await page.getByLabel('User name (e-mail)').fill('sender2@demo.example');
    await page.getByLabel('Password').fill(PASSWORD);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/sandbox-idp-login.png` });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => arrived?.searchParams.has('code') ?? false, { timeout: 15_000 }).toBe(true);

    const result = await web.finish(arrived!, cookie.value);
    expect(result.returnTo).toBe('/send');
    const identity = parseIdentityConfig(
      { issuer: idp.issuer, clientId: 'brevdue-web', audience: 'api://brevdue', claimMapping: { groups: DEMO_GROUP_MAPPING } },
      {},
    );
    const claims = await createAccessTokenVerifier(identity).verify(result.accessToken);
    expect(mapClaims(claims, identity.claimMapping)).toMatchObject({ upn: 'sender2@demo.example', roles: ['sender'], teams: ['skole'] });
    await page.close();
  });
});
