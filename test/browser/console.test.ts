/**
 * Browser: the console at /console (issue 17), on a real platform with the sandbox's own OpenID
 * provider, signed in through the platform's web sign-in (session cookie) as the sandbox's
 * staff. A team lead fixes and resends a failed letter from Fejl; an auditor pages through the
 * audit log on the server and verifies its chain; a sender is not shown what its role may not
 * use. axe finds no serious or critical violation on any built section, no page shows a full
 * CPR number, and each section's screenshot lands in docs/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LetterView, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { SECTIONS } from '../../addins/src/console/console-sections.ts';
import { POLICY } from '../../platform/src/auth/policy.ts';
import { startTestPlatform, waitFor, waitForFinal, type TestPlatform, uploadPdf } from '../support/platform.ts';
import { launchChromium } from './browser-harness.ts';
import { SANDBOX_IDENTITY, screenshot, seriousViolations, signInConsole } from './console-harness.ts';

/** Full CPR numbers the test sends to; none may appear in any page. */
const NOT_REGISTERED = '0101701111';
const EXEMPT = '0303703333';
const CORRECTED = '0101904321';
/** A batch run's recipients (registered for digital post in the sandbox). */
const RUN = ['0202904321', '0303904321', '0404904321'] as const;

let platform: TestPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([
    startTestPlatform({
      config: SANDBOX_IDENTITY,
    }),
    launchChromium(),
  ]);
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/** A fresh browser (own cookies) signed in as `upn` through /auth/sign-in, on `path`. */
async function signedIn(upn: string, path: string): Promise<Page> {
  const { context, page } = await signInConsole(browser, platform.url, upn, path);
  contexts.push(context);
  return page;
}

/** The page's HTML holds none of the full CPR numbers the test used. */
async function expectNoFullCpr(page: Page): Promise<void> {
  const html = await page.content();
  for (const cpr of [NOT_REGISTERED, EXEMPT, CORRECTED, ...RUN]) expect(html).not.toContain(cpr);
}

/** Uploads a one-page PDF as `token`; answers its document id. */
const uploaded = (token: string) => uploadPdf(platform, MINIMAL_PDF, 'brev.pdf', token);

/** Sends a digital-only letter and waits until it is final. */
async function sentLetter(token: string, cpr: string): Promise<LetterView> {
  const doc = await uploaded(token);
  const res = await platform.api('/v1/shipments', {
    token,
    method: 'POST',
    body: JSON.stringify({
      subject: 'Kun digitalt',
      mainDocument: doc,
      channelPolicy: 'digital-only',
      recipients: [{ idType: 'CPR', id: cpr }],
    }),
  });
  expect(res.status).toBe(201);
  const done = await waitForFinal(platform, ((await res.json()) as ShipmentView).id);
  return done.letters[0]!;
}

/** A letter that fails: the sandbox's register has the CPR as not able to receive digital post. */
async function failedLetter(token: string, cpr: string): Promise<LetterView> {
  const letter = await sentLetter(token, cpr);
  expect(letter.status).toBe('failed');
  return letter;
}

/** The navigation's section names (its landmark is named in the page's language). */
const nav = (page: Page, label = 'Konsollens sektioner') => page.getByRole('navigation', { name: label });
const navNames = async (page: Page, label?: string) => nav(page, label).getByRole('link').allTextContents();

describe('/console', () => {
  it('shows each section to the roles the API policy allows its operation to', () => {
    for (const s of SECTIONS) expect([...s.roles].sort(), s.id).toEqual([...(POLICY[s.operation] ?? [])].sort());
  });

  it('serves every section URL the same page, revalidated by an ETag of the build', async () => {
    const page = await fetch(`${platform.url}/console/fejl`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const etag = page.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${platform.url}/console`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    expect((await fetch(`${platform.url}/console/revisionslog`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    const js = await fetch(`${platform.url}/addins/console/console.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Compressed as the browser allows, the same script either way.
    const plain = await fetch(`${platform.url}/addins/console/console.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const coding of ['br', 'gzip']) {
      const packed = await fetch(`${platform.url}/addins/console/console.js`, {
        headers: { 'accept-encoding': `${coding}, identity;q=0.5` },
      });
      expect(packed.headers.get('content-encoding')).toBe(coding);
      expect(packed.headers.get('vary')).toBe('Accept-Encoding');
      expect(await packed.text()).toBe(await plain.clone().text());
    }
    expect((await fetch(`${platform.url}/console/fejl/deeper`)).status).toBe(404);
    expect((await fetch(`${platform.url}/addins/console/..%2Fweb%2Fsend.html`)).status).toBe(404);
  });

  it('lets a team lead fix the recipient of a failed letter and resend it from Fejl', async () => {
    const senderToken = await platform.tokenFor('sender', { team: 'borgerservice' });
    const failed = await failedLetter(senderToken, NOT_REGISTERED);
    const other = await failedLetter(senderToken, EXEMPT);

    const page = await signedIn('teamlead@demo.example', '/console');
    expect(await navNames(page)).toEqual(['Oversigt', 'Godkendelse', 'Fejl', 'Modtaget post', 'Statistik']);
    await expect.poll(() => page.getByTestId('count-failed').textContent()).toBe('2');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'oversigt');

    await nav(page).getByRole('link', { name: 'Fejl' }).click();
    await page.waitForURL(`${platform.url}/console/fejl`);
    const rows = page.getByTestId('failed-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('010170-XXXX'), expect.stringContaining('030370-XXXX')]),
    );
    // The filter narrows the list and stays in the URL, so the view can be linked.
    await page.getByTestId('filter-shipment').fill(failed.shipmentId.slice(0, 8));
    await expect.poll(() => rows.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('shipment')).toBe(failed.shipmentId.slice(0, 8));
    // The reason in the page's language only (the API gives "Dansk / English").
    expect(await rows.first().textContent()).toContain(failed.reason!.split(' / ')[0]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'fejl');

    // Keyboard: the row's action opens with Enter, the form sends with Enter.
    await page.getByRole('button', { name: /^Ret og send igen til CPR 010170-XXXX/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Send brevet igen' }).waitFor();
    await page.getByTestId('resend-name').fill('Rettet Modtager');
    expect(await seriousViolations(page)).toEqual([]);
    // Before the number is typed: no full CPR number goes into docs/ either.
    await screenshot(page, 'fejl-ret');
    // A number the API refuses (400, naming the field) is shown on that field; nothing is sent.
    await page.getByTestId('resend-id').fill('9999999999');
    await page.getByTestId('resend-submit').click();
    await expect.poll(() => page.getByRole('dialog').getByRole('alert').textContent()).toMatch(/CPR/);
    await page.getByTestId('resend-id').fill(CORRECTED);
    await page.getByTestId('resend-name').press('Enter');
    await expect
      .poll(() => page.getByTestId('resend-done').textContent())
      .toMatch(/^Brevet til CPR 010170-XXXX.* er sendt igen som et nyt brev\.$/);
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByRole('button', { name: 'Nulstil filtre' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('030370-XXXX');
    await expectNoFullCpr(page);

    // Through the API: a new letter to the corrected recipient, linked to the failed one, delivered.
    const fresh = await waitFor(async () => {
      const s = (await (await platform.api(`/v1/shipments/${failed.shipmentId}`)).json()) as ShipmentView;
      return s.letters.find((l) => l.resendOf === failed.id && l.status === 'delivered_digital');
    }, 'the resent letter to be delivered');
    expect(fresh.recipient).toMatchObject({ idType: 'CPR', id: '010190-XXXX', name: 'Rettet Modtager' });
    const list = (await (await platform.api('/v1/letters?status=failed')).json()) as { letters: LetterView[] };
    expect(list.letters.map((l) => l.id)).toEqual([other.id]);
  });

  it('lets a team lead open a held batch run, remove one letter and release the rest, following the sending live', async () => {
    const senderToken = await platform.tokenFor('sender', { team: 'borgerservice' });
    const res = await platform.api('/v1/shipments', {
      token: senderToken,
      method: 'POST',
      body: JSON.stringify({
        subject: 'Rykker for indbetaling',
        mainDocument: await uploaded(senderToken),
        review: true,
        recipients: RUN.map((id) => ({ idType: 'CPR', id })),
      }),
    });
    expect(res.status).toBe(201);
    const run = (await res.json()) as ShipmentView;
    expect(run.status).toBe('held');
    const to = (masked: string) => run.letters.find((l) => l.recipient.id === masked)!;
    const [first, removed, third] = [to('020290-XXXX'), to('030390-XXXX'), to('040490-XXXX')];

    const page = await signedIn('teamlead@demo.example', '/console/godkendelse');
    const runs = page.getByTestId('held-table').locator('tbody tr');
    await expect.poll(() => runs.count()).toBe(1);
    expect(await runs.first().textContent()).toContain('Rykker for indbetaling');
    expect(await seriousViolations(page)).toEqual([]);

    // The run opens by its link with the keyboard, at its own URL.
    await page.getByRole('link', { name: 'Åbn kørslen Rykker for indbetaling' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${platform.url}/console/godkendelse?run=${run.id}`);
    const letters = page.getByTestId('run-letters').locator('tbody tr');
    await expect.poll(() => letters.count()).toBe(3);
    expect(await letters.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('020290-XXXX'),
        expect.stringContaining('030390-XXXX'),
        expect.stringContaining('040490-XXXX'),
      ]),
    );

    // Removing asks once more; then the letter is cancelled and the release counts the other two.
    await page.getByRole('button', { name: 'Fjern brevet til CPR 030390-XXXX' }).click();
    await page.getByRole('button', { name: 'Bekræft: fjern brevet til CPR 030390-XXXX' }).click();
    await expect
      .poll(() => page.getByTestId('run-message').textContent())
      .toBe('Brevet til CPR 030390-XXXX er fjernet og bliver ikke sendt.');
    expect(await page.locator(`[data-letter="${removed.id}"]`).getAttribute('data-status')).toBe('cancelled');
    expect(await page.getByTestId('release').textContent()).toBe('Frigiv 2 breve');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'godkendelse');

    await page.getByTestId('release').click();
    await page.getByTestId('confirm-release').click();
    await expect.poll(() => page.getByTestId('release-done').textContent()).toBe('Kørslen er sendt: 2 breve afleveret.');
    expect(await page.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('2 af 2 breve er færdige');
    expect(await page.locator(`[data-letter="${first.id}"]`).getAttribute('data-status')).toBe('delivered_digital');
    // The status in words follows too, not only the code.
    await expect.poll(() => page.locator(`[data-letter="${first.id}"] td`).nth(2).textContent()).toBe('Leveret digitalt');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'godkendelse-sendt');
    await expectNoFullCpr(page);

    // Through the API: the removed letter was never sent, the other two were delivered.
    const done = await waitForFinal(platform, run.id);
    const status = Object.fromEntries(done.letters.map((l) => [l.id, l.status]));
    expect(status).toEqual({ [first.id]: 'delivered_digital', [removed.id]: 'cancelled', [third.id]: 'delivered_digital' });
    expect(done.letters.find((l) => l.id === removed.id)!.submittedAt).toBeNull();
    const held = (await (await platform.api('/v1/shipments?status=held')).json()) as { shipments: unknown[] };
    expect(held.shipments).toEqual([]);
  });

  it('lets an auditor search the audit log page by page on the server and verify the chain', async () => {
    // Thirty audited reads of one letter's wire message: more than one page of the log.
    const { id, status } = await sentLetter(platform.token, CORRECTED);
    expect(status).toBe('delivered_digital');
    for (let i = 0; i < 30; i++) expect((await platform.api(`/v1/letters/${id}/message`)).status).toBe(200);

    const page = await signedIn('auditor@demo.example', '/console/revisionslog');
    expect(await navNames(page)).not.toContain('Fejl');
    expect(await navNames(page)).toContain('Revisionslog');
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);

    await page.getByTestId('audit-action').fill('letter.message.read');
    await page.getByTestId('audit-objectId').fill(id);
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-page').textContent()).toBe('Side 1 af 2 (30 poster)');
    expect(await rows.count()).toBe(25);
    expect(await rows.first().textContent()).toContain('CPR 010190-XXXX');
    expect(new URL(page.url()).searchParams.get('action')).toBe('letter.message.read');

    await page.getByTestId('verify-chain').click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toMatch(/^Kæden er hel: \d+ poster kontrolleret\.$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'revisionslog');

    await page.getByTestId('audit-next').click();
    await expect.poll(() => page.getByTestId('audit-page').textContent()).toBe('Side 2 af 2 (30 poster)');
    expect(await rows.count()).toBe(5);
    await expectNoFullCpr(page);

    // A bad filter is the API's 400, shown with the field's message; nothing else changes.
    await page.getByTestId('audit-party').fill('abc');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-error').textContent()).toContain('party');
  });

  it('does not show a sender the sections its role may not use, and refuses them by URL', async () => {
    const page = await signedIn('sender@demo.example', '/console/oversigt');
    expect(await navNames(page)).toEqual(['Oversigt', 'Fejl', 'Modtaget post', 'Statistik']);
    await page.goto(`${platform.url}/console/revisionslog`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Din rolle giver ikke adgang til denne side.');
    expect(await page.getByTestId('audit-table').count()).toBe(0);

    // A section it may use opens; English by the switch.
    await nav(page).getByRole('link', { name: 'Statistik' }).click();
    await page.getByTestId('stats-period').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await navNames(page, 'Console sections')).toEqual(['Overview', 'Failures', 'Received post', 'Statistics']);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });
});
