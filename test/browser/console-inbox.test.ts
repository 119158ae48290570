/**
 * Browser: Modtaget post in the console (issue 17), on a real platform receiving post through
 * the SF1601 plugin and its simulated Postkomponent (as test/e2e/inbox.e2e.test.ts), signed in
 * as the sandbox's team lead. The lead finds new post in the queue of post not yet distributed
 * and assigns it to a team; opens a reply, sees the letter it answers, downloads its document
 * and marks it done – each checked through the API. axe finds no serious or critical violation
 * and no page shows a full CPR number.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { sampleInboundMemo, simulatorRequest } from '@brevdue/plugin-digitalpost-sf1601';
import type { LetterView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/fixtures';
import type { InboxItem, InboxPage } from '../../addins/src/console/console-api.ts';
import { startTestPlatform, waitForFinal, type TestPlatform } from '../support/platform.ts';
import { sf1601Receiving } from '../support/sf1601-receiving.ts';
import { launchChromium } from './browser-harness.ts';
import { SANDBOX_IDENTITY, screenshot, seriousViolations, signInConsole } from './console-harness.ts';

const NAME = 'digitalpost-sf1601';
const CVR = '29189846'; // the test organisation's
const CITIZEN = '0101904321'; // registered for Digital Post in the simulator
const APPLICANT = '0202904321';

let platform: TestPlatform;
let browser: Browser;
let sim: { url: string; caFile: string };
let letter: LetterView;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const receiving = await sf1601Receiving(NAME, CVR);
  [platform, browser] = await Promise.all([
    startTestPlatform({
      sandbox: false,
      extraPlugins: (dataDir) => [receiving.entry(dataDir)],
      routing: [{ recipientTypes: ['CPR', 'CVR'], channels: ['digital', 'print', 'sms'], provider: NAME }],
      config: SANDBOX_IDENTITY,
    }),
    launchChromium(),
  ]);
  const running = platform.runtime.plugins.simulators.get(NAME) as unknown as { url: string; info: { caFile: string } };
  sim = { url: running.url, caFile: running.info.caFile };

  // A letter from the team lead's team that the citizen may answer.
  const sender = await platform.tokenFor('sender', { team: 'borgerservice' });
  const doc = await platform.api('/v1/documents', {
    method: 'POST',
    token: sender,
    body: new Uint8Array(MINIMAL_PDF),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(doc.status).toBe(201);
  const created = await platform.api('/v1/shipments', {
    method: 'POST',
    token: sender,
    body: JSON.stringify({
      subject: 'Afgørelse om boligstøtte',
      channelPolicy: 'digital-only',
      mainDocument: ((await doc.json()) as { id: string }).id,
      recipients: [{ idType: 'CPR', id: CITIZEN, name: 'Jens Hansen' }],
      options: { replyAllowed: true },
    }),
  });
  expect(created.status, await created.clone().text()).toBeLessThan(300);
  letter = (await waitForFinal(platform, ((await created.json()) as { id: string }).id)).letters[0]!;
  expect(letter.status).toBe('delivered_digital');
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/** Hands a MeMo message to the simulated Postkomponent, which delivers it to our PostModtag. */
async function receive(o: Omit<Parameters<typeof sampleInboundMemo>[0], 'cvr'> & { subject: string }): Promise<InboxItem> {
  const a = await simulatorRequest(sim, '/_simulator/inbound', {
    method: 'POST',
    body: sampleInboundMemo({ cvr: CVR, ...o }),
    headers: { 'content-type': 'application/xml' },
  });
  expect(a.status, a.body).toBe(200);
  return (await inbox(`?text=${encodeURIComponent(o.subject)}`)).items[0]!;
}

async function inbox(query: string): Promise<InboxPage> {
  const res = await platform.api(`/v1/inbox${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as InboxPage;
}

describe('/console/modtaget', () => {
  it('lets a team lead distribute new post, and open, read and close a reply with the letter it answers', async () => {
    const application = await receive({ subject: 'Ansøgning om parkeringstilladelse', senderCpr: APPLICANT });
    expect(application.status).toBe('unassigned');
    const answer = Buffer.concat([MINIMAL_PDF, Buffer.from('% svar fra borgeren\n')]);
    const reply = await receive({
      subject: 'Svar om boligstøtte',
      replyToMessageUuid: letter.messageId,
      document: { filename: 'svar.pdf', mediaType: 'application/pdf', content: answer },
    });
    expect(reply).toMatchObject({ status: 'assigned', assignedTo: { team: 'borgerservice' } });

    const { context, page } = await signInConsole(browser, platform.url, 'teamlead@demo.example', '/console/modtaget');
    contexts.push(context);
    // A team lead starts at the queue of post not yet distributed.
    const rows = page.getByTestId('inbox-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('CPR 020290-XXXX');
    expect(await rows.first().textContent()).toContain('Ansøgning om parkeringstilladelse');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'modtaget');

    await page.getByRole('button', { name: 'Åbn Ansøgning om parkeringstilladelse' }).click();
    await page.getByTestId('assign-team').fill('skole');
    await page.getByTestId('assign-team').press('Enter');
    await expect.poll(() => page.getByTestId('message-result').textContent()).toBe('Posten er fordelt til skole.');
    expect(await page.getByTestId('message-status').textContent()).toBe('Fordelt');
    expect((await inbox('?status=unassigned')).total).toBe(0);
    expect((await inbox(`?text=${encodeURIComponent('parkeringstilladelse')}`)).items[0]).toMatchObject({
      status: 'assigned',
      assignedTo: { team: 'skole', user: null },
    });

    // All post: the reply, with the letter it answers; its document downloads as received.
    await page.getByRole('button', { name: 'Tilbage til modtaget post' }).click();
    await page.getByTestId('inbox-status').selectOption('');
    await page.getByTestId('inbox-text').fill('boligstøtte');
    await page.getByTestId('inbox-search').click();
    await expect.poll(() => page.getByTestId('inbox-page').textContent()).toBe('Side 1 af 1 (1 brev)');
    await page.getByRole('button', { name: 'Åbn Svar om boligstøtte' }).click();
    await expect
      .poll(() => page.getByTestId('reply-to').textContent())
      .toMatch(/^»Afgørelse om boligstøtte«, sendt .+ til CPR 010190-XXXX – Jens Hansen$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent svar.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('svar.pdf');
    expect(readFileSync((await download.path())!).equals(answer)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'modtaget-svar');

    await page.getByTestId('mark-done').click();
    await expect.poll(() => page.getByTestId('message-status').textContent()).toBe('Afsluttet');
    expect((await inbox(`?text=${encodeURIComponent('Svar om boligstøtte')}`)).items[0]!.status).toBe('done');
    const html = await page.content();
    for (const cpr of [CITIZEN, APPLICANT]) expect(html).not.toContain(cpr);
  });
});
