/**
 * Browser: the console's Brugere and Indstillinger, and cancelling in Fejl (issue 17), on a real
 * platform with the sandbox's own OpenID provider, through the real HTTP API and database. An
 * admin adds a colleague with a role and a team and disables them, creates a system token whose
 * secret is shown once and revokes it, and reads the installed plugins; an auditor sees the staff
 * but none of the controls; a team lead cancels a failed letter, and Oversigt counts every failed
 * letter, not only the first page's. axe finds no serious or critical violation on any of these
 * pages, and their screenshots land in docs/screenshots/.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LETTER_PAGE_MAX, type LetterPage, type LetterView, type ShipmentView, type UserPage } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { startTestPlatform, waitForFinal, type TestPlatform } from '../support/platform.ts';
import { launchChromium } from './browser-harness.ts';
import { SANDBOX_IDENTITY, screenshot, seriousViolations, signInConsole } from './console-harness.ts';

/** Not registered for digital post in the sandbox's register: a digital-only letter to them fails. */
const NOT_REGISTERED = '0101701111';
const EXEMPT = '0303703333';

let platform: TestPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ config: SANDBOX_IDENTITY }), launchChromium()]);
  // The first request of the bundle waits for its build (after a change of the sources, a while
  // on a busy machine): wait here, not in the first test's page load.
  expect((await fetch(`${platform.url}/addins/console/console.js`)).status).toBe(200);
}, 300_000);
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function signedIn(upn: string, path: string): Promise<{ page: Page; context: BrowserContext }> {
  const { context, page } = await signInConsole(browser, platform.url, upn, path);
  contexts.push(context);
  return { page, context };
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Konsollens sektioner' });

/** A digital-only letter from `token` to `cpr`, once final. */
async function sentLetter(token: string, cpr: string): Promise<LetterView> {
  const up = await platform.api('/v1/documents', {
    token,
    method: 'POST',
    body: new Uint8Array(MINIMAL_PDF),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(up.status).toBe(201);
  const res = await platform.api('/v1/shipments', {
    token,
    method: 'POST',
    body: JSON.stringify({
      subject: 'Kun digitalt',
      mainDocument: ((await up.json()) as { id: string }).id,
      channelPolicy: 'digital-only',
      recipients: [{ idType: 'CPR', id: cpr }],
    }),
  });
  expect(res.status).toBe(201);
  return (await waitForFinal(platform, ((await res.json()) as ShipmentView).id)).letters[0]!;
}

describe('/console/brugere', () => {
  it('lets an admin add a colleague with a role and a team, find them, and disable them', async () => {
    const { page } = await signedIn('admin@demo.example', '/console/brugere');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Brugere', 'Indstillinger']));
    const rows = page.getByTestId('users-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);

    await page.getByTestId('user-create').click();
    const dialog = page.getByRole('dialog', { name: 'Opret medarbejder' });
    await dialog.waitFor();
    // Nothing chosen: the form says what is missing, on its field.
    await page.getByTestId('user-upn').fill('ny.kollega@demo.example');
    await page.getByTestId('user-name').fill('Nanna Nykomling');
    await page.getByTestId('user-submit').click();
    await expect.poll(() => dialog.textContent()).toContain('Vælg mindst én rolle.');
    await dialog.getByRole('checkbox', { name: 'teamleder' }).check();
    await page.getByTestId('user-teams').fill('borgerservice');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('user-teams').press('Enter');
    await expect.poll(() => page.getByTestId('users-message').textContent()).toBe('Nanna Nykomling er oprettet og kan logge ind.');

    // Searched on the server, kept in the URL.
    await page.getByTestId('users-q').fill('nykomling');
    await page.getByTestId('users-search').click();
    await expect.poll(() => page.getByTestId('users-page').textContent()).toBe('Side 1 af 1 (1 medarbejder)');
    expect(new URL(page.url()).searchParams.get('q')).toBe('nykomling');
    expect(await rows.first().textContent()).toMatch(/Nanna Nykomling.*ny\.kollega@demo\.example.*teamleder.*borgerservice.*Aktiv/);

    await page.getByRole('button', { name: 'Deaktivér Nanna Nykomling' }).click();
    await expect
      .poll(() => page.getByTestId('users-message').textContent())
      .toBe('Nanna Nykomling er deaktiveret; vedkommendes sessioner er afsluttet.');
    await expect.poll(() => rows.first().getByTestId('user-state').textContent()).toBe('Deaktiveret');
    expect(await page.getByRole('button', { name: 'Aktivér Nanna Nykomling' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'brugere');

    // Through the API: the user as the admin left them.
    const found = (await (await platform.api('/v1/users?q=ny.kollega')).json()) as UserPage;
    expect(found.total).toBe(1);
    expect(found.users[0]).toMatchObject({ upn: 'ny.kollega@demo.example', roles: ['teamlead'], teams: ['borgerservice'], disabled: true });
  });

  it('lets an admin create a system token, shows its secret once to copy, and revokes it', async () => {
    const { page, context } = await signedIn('admin@demo.example', '/console/brugere');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.url });
    await page.getByTestId('token-name').fill('ESDH-integration');
    await page.getByTestId('token-role').selectOption('archivist');
    await page.getByTestId('token-submit').click();
    const secretField = page.getByTestId('token-secret');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^bd_/);
    await page.getByTestId('token-secret-copy').click();
    await expect.poll(() => page.getByTestId('token-secret-copy').textContent()).toBe('Kopieret');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // The token works, as an archivist.
    expect((await platform.api('/v1/archive/exports', { token: secret })).status).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);

    // Dismissed, the secret is gone from the page; the list shows only its first characters.
    await page.getByTestId('token-secret-dismiss').click();
    expect(await page.content()).not.toContain(secret);
    const row = page.getByTestId('tokens-table').locator('tbody tr', { hasText: 'ESDH-integration' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(`${secret.slice(0, 8)}…`);
    expect(await row.textContent()).toContain('arkivar');

    await page.getByRole('button', { name: 'Tilbagekald nøglen ESDH-integration' }).click();
    await page.getByRole('button', { name: 'Bekræft: tilbagekald nøglen ESDH-integration' }).click();
    await expect
      .poll(() => page.getByTestId('token-message').textContent())
      .toBe('Nøglen »ESDH-integration« er tilbagekaldt og afvises fra nu af.');
    await expect.poll(() => row.getByTestId('token-state').textContent()).toBe('Tilbagekaldt');
    expect((await platform.api('/v1/me', { token: secret })).status).toBe(401);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'brugere-noegler');
  });

  it('shows an auditor the staff but no control to change them, and the API refuses the change', async () => {
    const { page } = await signedIn('auditor@demo.example', '/console/brugere');
    const rows = page.getByTestId('users-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await nav(page).getByRole('link').allTextContents()).not.toContain('Indstillinger');
    expect(await page.getByTestId('users-read-only').textContent()).toBe('Din rolle kan se, men ikke ændre dette.');
    expect(await page.getByTestId('user-create').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Deaktivér|Aktivér|Ret roller)/ }).count()).toBe(0);
    expect(await page.getByTestId('tokens-table').count()).toBe(0);
    expect(await page.getByTestId('token-name').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    const auditor = await platform.tokenFor('auditor');
    const someone = ((await (await platform.api('/v1/users', { token: auditor })).json()) as UserPage).users[0]!;
    const refused = await platform.api(`/v1/users/${someone.id}`, { method: 'PATCH', token: auditor, body: '{"disabled":true}' });
    expect(refused.status).toBe(403);
  });
});

describe('/console/indstillinger', () => {
  it('lists the sandbox provider plugin with its kind, channels, routing and config status', async () => {
    const { page } = await signedIn('admin@demo.example', '/console/indstillinger');
    const sandbox = page.locator('[data-plugin="sandbox"]');
    await sandbox.waitFor();
    const text = (await sandbox.textContent()) ?? '';
    expect(text).toContain('@brevdue/plugin-sandbox');
    expect(text).toContain('Udbyder');
    expect(text).toContain('Digital post, Fysisk brev, SMS');
    expect(text).toContain('CPR, CVR, FNR, ORGNR');
    expect(await sandbox.getByTestId('plugin-config').textContent()).toBe('I orden');
    // Config values (here the simulator's address) are never shown.
    expect(await page.content()).not.toContain(platform.sandbox!.url);

    // A webhook to an address the egress rules refuse is refused on its field, saying why.
    await page.getByTestId('webhook-url').fill('http://127.0.0.1:9/hook');
    await page.getByTestId('webhook-add').click();
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('webhooks-table').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'indstillinger');
  });
});

describe('/console/fejl', () => {
  it('lets a team lead cancel a failed letter after a second click; it leaves the list and is cancelled', async () => {
    const senderToken = await platform.tokenFor('sender', { team: 'borgerservice' });
    const doomed = await sentLetter(senderToken, NOT_REGISTERED);
    const kept = await sentLetter(senderToken, EXEMPT);
    expect([doomed.status, kept.status]).toEqual(['failed', 'failed']);

    const { page } = await signedIn('teamlead@demo.example', '/console/fejl');
    const rows = page.getByTestId('failed-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId('failed-count').textContent()).toBe('Side 1: 2 fejlede breve');

    // Keyboard: the row's cancel asks first; "Fortryd" leaves the letter as it was.
    await page.getByRole('button', { name: /^Annullér brevet til CPR 010170-XXXX/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /^Fortryd annullering af brevet til CPR 010170-XXXX/ }).click();
    await page.getByRole('button', { name: /^Annullér brevet til CPR 010170-XXXX/ }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /^Bekræft: annullér brevet til CPR 010170-XXXX/ }).click();
    await expect
      .poll(() => page.getByTestId('cancel-done').textContent())
      .toMatch(/^Brevet til CPR 010170-XXXX.* er annulleret og bliver ikke sendt\.$/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('030370-XXXX');
    expect(await page.content()).not.toContain(NOT_REGISTERED);
    await screenshot(page, 'fejl-annulleret');

    // The filters ask the server, and stay in the URL.
    await page.getByTestId('filter-reason').fill('ingen-saadan-aarsag');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Ingen breve passer til filtrene.' }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('reason')).toBe('ingen-saadan-aarsag');

    // Through the API: cancelled, off the error list, the other still there.
    const letter = (await (await platform.api(`/v1/letters/${doomed.id}`)).json()) as LetterView;
    expect(letter.status).toBe('cancelled');
    const failed = (await (await platform.api('/v1/letters?status=failed')).json()) as LetterPage;
    expect(failed.letters.map((l) => l.id)).toEqual([kept.id]);
  });
});

describe('/console/oversigt', () => {
  it('counts every failed letter, also past the largest page of the error list', async () => {
    const senderToken = await platform.tokenFor('sender', { team: 'borgerservice' });
    const failed = await sentLetter(senderToken, NOT_REGISTERED);
    expect(failed.status).toBe('failed');
    // More failed letters than the largest page holds: copies of this one, straight in the database.
    await sql`
      insert into letters (id, organisation_id, shipment_id, recipient_type, recipient_id, recipient, channel, provider,
        status, status_reason, message_id)
      select gen_random_uuid(), l.organisation_id, l.shipment_id, l.recipient_type, l.recipient_id, l.recipient, l.channel,
        l.provider, l.status, l.status_reason, gen_random_uuid()
      from letters l cross join generate_series(1, ${LETTER_PAGE_MAX + 100}) where l.id = ${failed.id}`.execute(platform.runtime.db);
    const lead = await platform.tokenFor('teamlead', { team: 'borgerservice' });
    const first = (await (await platform.api(`/v1/letters?status=failed&limit=${LETTER_PAGE_MAX}`, { token: lead })).json()) as LetterPage;
    expect(first.letters).toHaveLength(LETTER_PAGE_MAX);
    expect(first.nextCursor).not.toBeNull();
    expect(first).toMatchObject({ total: expect.any(Number), totalExact: true });
    expect(first.total).toBeGreaterThan(LETTER_PAGE_MAX + 100);

    const { page } = await signedIn('teamlead@demo.example', '/console/oversigt');
    await expect.poll(() => page.getByTestId('count-failed').textContent()).toBe(first.total.toLocaleString('da-DK'));
    expect(await seriousViolations(page)).toEqual([]);
  });
});
