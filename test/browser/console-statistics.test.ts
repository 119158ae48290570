/**
 * Browser: Statistik in the console (issue 17), on a real platform with the sandbox provider and
 * the sandbox's own OpenID provider, signed in as the sandbox's team lead. Letters are sent
 * through the API first (two teams; one letter fails, one goes by print, one by SMS) and post is
 * received; the section then draws what was just sent, counted for the lead's team only, with
 * the figures in tables beside the charts; the period picker changes the data and stays in the
 * URL; the CSV download holds the same figures. axe finds no serious or critical violation and
 * no page shows a full CPR number.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { type LetterView, type ShipmentView, danishDay } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { SECTIONS } from '../../addins/src/console/console-sections.ts';
import { storeInboundMessage } from '../../platform/src/inbox/store-inbound-message.ts';
import { POLICY } from '../../platform/src/auth/policy.ts';
import { startTestPlatform, waitForFinal, type TestPlatform, uploadPdf } from '../support/platform.ts';
import { launchChromium } from './browser-harness.ts';
import { SANDBOX_IDENTITY, screenshot, seriousViolations, signInConsole } from './console-harness.ts';

const DIGITAL = ['0101904321', '0202904321', '0303904321'] as const;
/** Not registered in the sandbox's register: by print with `digital-else-print`. */
const NOT_REGISTERED = '0101701111';
/** Exempt from Digital Post: fails with `digital-only`. */
const EXEMPT = '0303703333';

let platform: TestPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The team lead's team's letters, final. */
const teamLetters: LetterView[] = [];

/** Uploads a one-page PDF as `token`; answers its document id. */
const uploaded = (token: string) => uploadPdf(platform, MINIMAL_PDF, 'brev.pdf', token);

async function send(token: string, body: Record<string, unknown>): Promise<LetterView[]> {
  const res = await platform.api('/v1/shipments', { token, method: 'POST', body: JSON.stringify({ subject: 'Statistik', ...body }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await waitForFinal(platform, ((await res.json()) as ShipmentView).id)).letters;
}

beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ config: SANDBOX_IDENTITY }), launchChromium()]);
  // The console's bundle is built at start-up (in the background): wait for it here, not in a test.
  expect((await fetch(`${platform.url}/console`)).status).toBe(200);
  const team = await platform.tokenFor('sender', { team: 'borgerservice' });
  const doc = await uploaded(team);
  teamLetters.push(
    ...(await send(team, { mainDocument: doc, recipients: DIGITAL.map((id) => ({ idType: 'CPR', id })) })),
    ...(await send(team, { mainDocument: doc, recipients: [{ idType: 'CPR', id: NOT_REGISTERED }] })),
    ...(await send(team, { mainDocument: doc, channelPolicy: 'digital-only', recipients: [{ idType: 'CPR', id: EXEMPT }] })),
    ...(await send(team, { channelPolicy: 'sms', smsText: 'Husk mødet i morgen.', recipients: [{ idType: 'CPR', id: DIGITAL[0] }] })),
  );
  // Another team's letters: not the team lead's to count.
  const skole = await platform.tokenFor('sender', { team: 'skole' });
  await send(skole, { mainDocument: await uploaded(skole), recipients: DIGITAL.slice(0, 2).map((id) => ({ idType: 'CPR', id })) });
  // Received post in the distribution queue (which a team lead sees).
  const org = await platform.runtime.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  await storeInboundMessage(platform.runtime.db, platform.runtime.blobs, org.id, {
    providerMessageId: randomUUID(),
    sender: { idType: 'CPR', id: DIGITAL[1] },
    recipient: { idType: 'CVR', id: '29189846' },
    routing: {},
    subject: 'Spørgsmål',
    documents: [{ filename: 'spm.pdf', mediaType: 'application/pdf', content: MINIMAL_PDF, role: 'main' }],
    raw: { mediaType: 'application/xml', body: Buffer.from('<x/>') },
  });
}, 180_000);
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

async function signedIn(upn: string, path: string): Promise<Page> {
  const { context, page } = await signInConsole(browser, platform.url, upn, path);
  contexts.push(context);
  return page;
}

async function expectNoFullCpr(page: Page): Promise<void> {
  const html = await page.content();
  for (const cpr of [...DIGITAL, NOT_REGISTERED, EXEMPT]) expect(html).not.toContain(cpr);
}

/** The text of each cell of a table row. */
const cells = (page: Page, selector: string) => page.locator(`${selector} td`).allTextContents();

describe('/console/statistik', () => {
  it('is shown to the roles that may call GET /v1/statistics', () => {
    const section = SECTIONS.find((s) => s.id === 'statistik')!;
    expect(section.operation).toBe('GET /v1/statistics');
    expect([...section.roles].sort()).toEqual([...(POLICY['GET /v1/statistics'] ?? [])].sort());
  });

  it('draws the letters just sent for the team lead’s team, changes with the period and downloads the CSV', async () => {
    const byStatus = teamLetters.map((l) => `${l.channel}:${l.status}`).sort();
    expect(byStatus).toEqual([
      'digital:delivered_digital',
      'digital:delivered_digital',
      'digital:delivered_digital',
      'digital:failed',
      'print:delivered_print',
      'sms:delivered_sms',
    ]);
    const today = danishDay(new Date(teamLetters.find((l) => l.submittedAt)!.submittedAt!));

    const page = await signedIn('teamlead@demo.example', '/console/statistik');
    // The last 30 days by default; the team's letters only (not the other team's two).
    await expect.poll(() => page.getByTestId('total-digital').textContent()).toBe('3');
    expect(await page.getByTestId('total-print').textContent()).toBe('1');
    expect(await page.getByTestId('total-sms').textContent()).toBe('1');
    expect(await page.getByTestId('total-failed').textContent()).toBe('1');
    expect(await page.getByTestId('total-received').textContent()).toBe('1');
    expect(await page.getByTestId('stats-period').textContent()).toMatch(/\(30 dage\)\.$/);

    // The charts draw (loaded on demand), and say in words and in a table what they show.
    const perDay = page.getByTestId('stats-perDay');
    await perDay.getByTestId('stats-perDay-chart').locator('svg rect').first().waitFor();
    expect(await perDay.getByTestId('stats-perDay-summary').textContent()).toBe(
      '5 breve sendt: 3 som Digital Post, 1 som fysisk brev og 1 som SMS.',
    );
    expect(await cells(page, `[data-testid="stats-table-perDay"] tr[data-date="${today}"]`)).toEqual([expect.any(String), '3', '1', '1']);
    await page.getByTestId('stats-failures-chart').locator('svg rect').first().waitFor();
    expect(await cells(page, '[data-testid="stats-table-failures"] tr[data-reason="exempt"]')).toEqual([
      'Modtageren er fritaget for Digital Post',
      '1',
    ]);
    await page.getByTestId('stats-registration-chart').locator('svg path').first().waitFor();
    expect(await page.getByTestId('stats-registration-summary').textContent()).toBe('4 af 6 modtagere var tilmeldt Digital Post (67 %).');
    expect(await cells(page, '[data-testid="stats-table-received"] tr[data-date="' + today + '"]')).toEqual([expect.any(String), '1']);
    // The table opens with the keyboard.
    await perDay.getByText('Vis tallene som tabel').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('stats-table-perDay').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'statistik');
    await expectNoFullCpr(page);

    // The CSV of the period: the same figures, one row a day.
    const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()])) as [Download, void];
    expect(download.suggestedFilename()).toMatch(/^statistik-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('dato,digital post,fysisk brev,sms,fejlede,modtaget post');
    expect(csv).toHaveLength(31);
    expect(csv).toContain(`${today},3,1,1,1,1`);

    // A preset: the last 7 days, kept in the URL.
    await page.getByTestId('stats-last-7').click();
    await expect.poll(() => page.getByTestId('stats-period').textContent()).toMatch(/\(7 dage\)\.$/);
    expect(new URL(page.url()).searchParams.get('to')).toBe(danishDay(new Date()));
    expect(await page.getByTestId('total-digital').textContent()).toBe('3');

    // A period before anything was sent: nothing to draw, zeros, and the URL can be shared.
    await page.getByTestId('stats-from').fill('2025-01-01');
    await page.getByTestId('stats-to').fill('2025-01-31');
    await page.getByTestId('stats-show').click();
    await expect.poll(() => page.getByTestId('total-digital').textContent()).toBe('0');
    expect(await page.getByTestId('stats-period').textContent()).toMatch(/\(31 dage\)\.$/);
    expect(await page.getByTestId('stats-perDay-summary').textContent()).toBe(
      '0 breve sendt: 0 som Digital Post, 0 som fysisk brev og 0 som SMS.',
    );
    expect(await page.getByTestId('stats-perDay-chart').count()).toBe(0);
    expect(new URL(page.url()).search).toBe('?from=2025-01-01&to=2025-01-31');
    await page.reload();
    await expect.poll(() => page.getByTestId('stats-period').textContent()).toMatch(/\(31 dage\)\.$/);

    // A period the API would refuse is stopped in the page with what to do.
    await page.getByTestId('stats-from').fill('2025-02-10');
    await page.getByTestId('stats-show').click();
    await expect.poll(() => page.getByTestId('stats-problem').textContent()).toBe('Fra-datoen ligger efter til-datoen: byt om på dem.');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('counts for a sender only their own team’s letters, in English by the switch', async () => {
    const page = await signedIn('sender2@demo.example', '/console/statistik');
    await expect.poll(() => page.getByTestId('total-digital').textContent()).toBe('2');
    expect(await page.getByTestId('total-failed').textContent()).toBe('0');
    expect(await page.getByTestId('total-received').textContent()).toBe('0');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect
      .poll(() => page.getByTestId('stats-perDay-summary').textContent())
      .toBe('2 letters sent: 2 as Digital Post, 0 as printed letters and 0 as SMS.');
    expect(await page.getByTestId('stats-failures-summary').textContent()).toBe('No letters failed in the period.');
    expect(await page.getByTestId('stats-csv').getAttribute('href')).toContain('lang=en');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
