/**
 * Browser end-to-end of a Digipost letter's status in the Word pane (issue 18): in "Mine
 * forsendelser" each Digipost letter shows, beside its status in the pane's language, the
 * Norwegian (bokmål) word Digipost's users know ("Sendt web", "Sendt print", "Ikke sendt"),
 * marked `lang="nb"`; in English too. The letter's archive link is its own record, fetched with
 * the pane's bearer token. A caseworker can type a Norwegian fødselsnummer in the pane and send to
 * it. The platform sends through the Digipost plugin against its simulator.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ArchiveRecordPage, ShipmentView } from '@brevdue/shared/api';
import { freePort, startTestPlatform, waitFor, waitForFinal, type TestPlatform } from '../support/platform.ts';
import { launchChromium, paneOrigin, shot, signIn } from './browser-harness.ts';
import { seriousViolations } from './console-harness.ts';
import { letterPdf, openPaneAt } from './send-flow-helpers.ts';

const USER = '01019010046'; // a Digipost user in the simulator's default table
const NON_USER = '15058510170'; // no Digipost account: print, given an address
const NO_ADDRESS = '07070710093'; // no account and no address: fails
const ADDRESS = { name: 'Ola Nordmann', lines: ['Prinsensveien 123'], postalCode: '0460', city: 'Oslo', country: 'NO' };

let platform: TestPlatform;
let front: { url: string; close: () => Promise<void> };
let browser: Browser;
let sender: string;
let shipment: ShipmentView;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-browser-digipost-'));
  const port = await freePort();
  platform = await startTestPlatform({
    sandbox: false,
    extraPlugins: [
      {
        name: 'digipost',
        package: '@brevdue/plugin-digipost',
        config: {
          baseUrl: `http://127.0.0.1:${port}`,
          brokerId: '1000',
          certificatePath: join(dataDir, 'simulators', 'digipost', 'client.p12'),
        },
        simulator: { port, settings: { eventDelayMs: 0 } },
      },
    ],
    routing: [{ recipientTypes: ['FNR', 'ORGNR'], channels: ['digital', 'print'], provider: 'digipost' }],
    config: {
      dataDir,
      defaultOrganisation: {
        slug: 'kk2',
        name: 'KK2 Inkasso AS',
        orgnr: '910000020',
        returnAddress: { name: 'KK2 Inkasso AS', lines: ['Postboks 1234 Sentrum'], postalCode: '0104', city: 'Oslo', country: 'NO' },
      },
    },
  });
  front = await paneOrigin(platform);
  browser = await launchChromium();

  // A caseworker's shipment (their own token, as their integration sends): digital, print, and one that fails.
  sender = await platform.tokenFor('sender');
  const up = await platform.api('/v1/documents', {
    method: 'POST',
    token: sender,
    body: new Uint8Array(await letterPdf(1, 'Inkassovarsel')),
    headers: { 'content-type': 'application/pdf' },
  });
  const mainDocument = ((await up.json()) as { id: string }).id;
  const res = await platform.api('/v1/shipments', {
    method: 'POST',
    token: sender,
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      subject: 'Inkassovarsel',
      mainDocument,
      channelPolicy: 'digital-else-print',
      recipients: [
        { idType: 'FNR', id: USER },
        { idType: 'FNR', id: NON_USER, address: ADDRESS },
        { idType: 'FNR', id: NO_ADDRESS },
      ],
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  shipment = await waitForFinal(platform, ((await res.json()) as ShipmentView).id);
  const ids = shipment.letters.map((l) => l.id).join(',');
  await waitFor(
    async () =>
      ((await (await platform.api(`/v1/archive/records?letterId=${ids}`)).json()) as ArchiveRecordPage).items.filter((r) => r.receipt?.href)
        .length === 3,
    'the three letters archived',
  );
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await front?.close();
  await platform?.close();
});

/** The Word pane in `displayLanguage`, signed in as the caseworker, with the shipment opened in "Mine forsendelser". */
async function openMine(displayLanguage: string): Promise<Page> {
  const pdf = await letterPdf(1, 'Inkassovarsel');
  const page = await openPaneAt(
    browser,
    {
      host: 'Word',
      displayLanguage,
      word: { base64: pdf.toString('base64'), slices: 1, url: 'C:\\Saker\\Inkassovarsel.docx', title: 'Inkassovarsel', pdf: true },
    },
    350,
    900,
  );
  await page.goto(`${front.url}/addins/word/taskpane.html`);
  await signIn(page, sender);
  await page.getByTestId('tab-mine').click();
  const mine = page.getByTestId('my-shipment').first();
  expect(await mine.getAttribute('data-shipment')).toBe(shipment.id);
  await mine.getByTestId('my-shipment-toggle').click();
  await mine.getByTestId('letter').nth(2).waitFor();
  return page;
}

/** Per status: the status badge and the Norwegian one beside it (its text and language). */
async function badges(page: Page, status: string): Promise<{ status: string; nb: string; lang: string | null }> {
  const letter = page.locator(`[data-testid=letter][data-status=${status}]`);
  const nb = letter.getByTestId('status-nb');
  return {
    status: (await letter.locator('.fui-Badge').first().textContent()) ?? '',
    nb: (await nb.textContent()) ?? '',
    lang: await nb.getAttribute('lang'),
  };
}

describe('a Digipost letter in the Word pane', () => {
  it('shows its status in Norwegian beside the Danish one, and links to its own archive record', async () => {
    const page = await openMine('da-DK');
    expect(await badges(page, 'delivered_digital')).toEqual({ status: 'Leveret digitalt', nb: 'Sendt web', lang: 'nb' });
    expect(await badges(page, 'delivered_print')).toEqual({ status: 'Sendt som fysisk brev', nb: 'Sendt print', lang: 'nb' });
    expect(await badges(page, 'failed')).toEqual({ status: 'Fejlet', nb: 'Ikke sendt', lang: 'nb' });
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'send-flow-digipost-nb');

    // The archive link is the digital letter's own record; clicked, the pane fetches its receipt PDF with the token.
    const digital = shipment.letters.find((l) => l.status === 'delivered_digital')!;
    const { items } = (await (await platform.api(`/v1/archive/records?letterId=${digital.id}`)).json()) as ArchiveRecordPage;
    expect(items).toHaveLength(1);
    const link = page.locator('[data-testid=letter][data-status=delivered_digital]').getByTestId('archive-link');
    await expect.poll(() => link.getAttribute('data-record')).toBe(items[0]!.id);
    const download = page.waitForEvent('download');
    await link.click();
    const bytes = await readFile((await (await download).path())!);
    expect(bytes.equals(Buffer.from(await (await platform.api(items[0]!.receipt!.href!)).arrayBuffer()))).toBe(true);
  }, 120_000);

  it('keeps the Norwegian word in an English Office, beside the English status', async () => {
    const page = await openMine('en-US');
    expect(await page.getByTestId('tab-mine').textContent()).toBe('My shipments');
    expect(await badges(page, 'delivered_digital')).toEqual({ status: 'Delivered digitally', nb: 'Sendt web', lang: 'nb' });
    expect(await badges(page, 'failed')).toEqual({ status: 'Failed', nb: 'Ikke sendt', lang: 'nb' });
  }, 120_000);

  it('lets a caseworker type a Norwegian fødselsnummer, checked at the field, and send to it', async () => {
    const pdf = await letterPdf(1, 'Betalingspåminnelse');
    const page = await openPaneAt(
      browser,
      {
        host: 'Word',
        displayLanguage: 'da-DK',
        word: { base64: pdf.toString('base64'), slices: 1, url: 'C:\\Saker\\Paaminnelse.docx', title: 'Betalingspåminnelse', pdf: true },
      },
      350,
      900,
    );
    await page.goto(`${front.url}/addins/word/taskpane.html`);
    await signIn(page, sender);
    await page.getByTestId('recipient-type-0').selectOption('FNR');
    const id = page.getByTestId('recipient-id-0');
    expect(await id.getAttribute('placeholder')).toBe('DDMMÅÅXXXXX');
    await id.fill('01019010047'); // one check digit off
    await expect.poll(() => page.getByText('Ugyldigt norsk fødselsnummer').count()).toBe(1);
    await id.fill(USER);
    await expect.poll(() => page.getByText('Ugyldigt norsk fødselsnummer').count()).toBe(0);
    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview').waitFor();
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/shipments') && r.request().method() === 'POST');
    await page.getByTestId('send-button').click();
    const res = await sent;
    expect(res.status()).toBe(201);
    expect((JSON.parse(res.request().postData() ?? '{}') as { recipients: unknown[] }).recipients).toEqual([
      expect.objectContaining({ idType: 'FNR', id: USER }),
    ]);
    const made = await waitForFinal(platform, ((await res.json()) as ShipmentView).id);
    expect(made.letters.map((l) => l.status)).toEqual(['delivered_digital']);
  }, 120_000);
});
