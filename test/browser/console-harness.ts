/**
 * Browser helpers of the console's tests: sign-in through the platform's web sign-in with the
 * sandbox's OpenID provider, axe's serious and critical findings, and screenshots for docs/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CONSOLE_PASSWORD = 'console-test-password';
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** The platform's identity config with the sandbox's OpenID provider and its test users. */
export const SANDBOX_IDENTITY = {
  identity: {
    issuer: 'http://127.0.0.1',
    clientId: 'brevdue-web',
    audience: 'api://brevdue',
    apiScope: 'api://brevdue/access_as_user',
    sandboxIdp: { enabled: true, port: 0, password: CONSOLE_PASSWORD },
  },
};

/** A fresh browser context (own cookies) signed in as `upn` through /auth/sign-in, on `path`. */
export async function signInConsole(
  browser: Browser,
  baseUrl: string,
  upn: string,
  path: string,
): Promise<{ context: BrowserContext; page: Page }> {
  // Reduced motion: Fluent then skips its colour transitions, so axe never measures a colour mid-fade.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'da-DK', reducedMotion: 'reduce' });
  // Nothing leaves the machine.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByLabel('Brugernavn (e-mail)').fill(upn);
  await page.getByLabel('Adgangskode').fill(CONSOLE_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL(`${baseUrl}${path}`);
  await page.getByRole('navigation', { name: 'Konsollens sektioner' }).waitFor();
  return { context, page };
}

/** axe's serious and critical findings on the page as it is now (empty when none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // The pointer off every control: axe checks the resting colours, not a hover state.
  await page.mouse.move(0, 0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      ...v,
      // Fluent's focus sentinels (Tabster's `data-tabster-dummy`) are focusable and aria-hidden by
      // design: they pass focus on at once. A known false positive of this rule (microsoft/tabster#288).
      nodes: v.nodes.filter((n) => !(v.id === 'aria-hidden-focus' && n.html.includes('data-tabster-dummy'))),
    }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join(', ')})`);
}

/** Saves the whole page as docs/screenshots/console-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}console-${name}.png`, fullPage: true });
}
