/**
 * Browser end-to-end of the send flow in /send (issue 18, issue 14's copies and P-units), signed in
 * as a caseworker through the sandbox's OpenID provider, against the real API with the sandbox
 * provider and register: a corrupt PDF is reported as soon as it is uploaded and the document is
 * replaced; fields in error are marked at the field and take the focus; the recipients editor
 * offers a company's P-units and manual copies; the preview shows per recipient the name, channel,
 * action, copies and a thumbnail of page 1 drawn in the browser that opens every page in a
 * dialog; after sending, the status screen keeps the subject and leads to "Mine forsendelser",
 * which lists only this caseworker's shipments, a page at a time, with receipts and archive records.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import type { ShipmentView } from '@brevdue/shared/api';
import { SANDBOX_IDENTITY } from '../../platform/src/config/load-config.ts';
import { startTestPlatform, uploadPdf, waitFor, type TestPlatform } from '../support/platform.ts';
import { launchChromium, paneOrigin, shot } from './browser-harness.ts';
import { seriousViolations } from './console-harness.ts';
import { describedBy, docsScreenshot, focusedTestId, inkShare, letterPdf, overflowsSideways } from './send-flow-helpers.ts';

const SOFIE = '0505705555'; // named by the sandbox provider: Sofie Udenmobil
const JENS = '0101904321';
const EMMA = '1505144320'; // a minor in the sandbox register: mother Anne Jensen, father Peter Jensen
const TESTKOMMUNE = '29189846';
const NORDSKOLEN = '1017605124'; // one of Testkommune's P-units in the sandbox register

let platform: TestPlatform;
let front: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  platform = await startTestPlatform({
    config: { identity: SANDBOX_IDENTITY },
    extraPlugins: [{ package: '@brevdue/plugin-sandbox/register', config: {} }],
  });
  front = await paneOrigin(platform);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await front?.close();
  await platform?.close();
});

/** /send at 1280 px, signed in as the sandbox's caseworker (session cookie). */
async function openSendAsSender(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', reducedMotion: 'reduce' });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${front.url}/send`);
  await page.getByTestId('sign-in-account').click();
  await page.getByLabel('Brugernavn (e-mail)').fill('sender@demo.example');
  await page.getByLabel('Adgangskode').fill('brevdue-demo');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByTestId('drop-zone').waitFor();
  return page;
}

/** The bytes of a download. */
const bytesOf = async (d: Download) => readFile((await d.path())!);

describe('/send', () => {
  it('reports a corrupt PDF at upload, marks errors at their fields, and previews names, actions, copies, P-unit and the pages', async () => {
    const page = await openSendAsSender();
    // Signed in, the focus waits on choosing the letter.
    await expect.poll(() => focusedTestId(page)).toBe('choose-file');
    const previews: string[] = [];
    page.on('request', (r) => r.url().endsWith('/v1/shipments/preview') && previews.push(r.url()));

    // A corrupt PDF: the platform refuses it at upload (422), and the page says so at once, beside the document.
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/documents') && r.request().method() === 'POST');
    await page.getByTestId('file-input').setInputFiles({
      name: 'Beskadiget.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\nthis is no pdf at all\n%%EOF\n'),
    });
    expect((await refused).status()).toBe(422);
    await expect.poll(() => page.getByTestId('document-error').textContent()).toContain('PDF-filen er beskadiget');
    expect(previews).toEqual([]);
    // The user works in the form from the start: the subject has the focus.
    await expect.poll(() => focusedTestId(page)).toBe('subject');

    // Replace it with the real letter: uploaded at once, its size as people read it.
    const pdf = await letterPdf(2, 'Indkaldelse');
    await page.getByTestId('replace-input').setInputFiles({ name: 'Indkaldelse.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect
      .poll(() => page.getByTestId('document-ready').textContent())
      .toBe(`Indkaldelse.pdf · ${Math.round(pdf.length / 1024)} kB · 2 sider`);
    expect(await page.getByTestId('document-error').count()).toBe(0);
    expect(await page.getByTestId('subject').inputValue()).toBe('Beskadiget'); // what was typed or suggested stays

    // Errors at their fields: no subject, a bad number; both marked, described, and the first one focused.
    await page.getByTestId('subject').fill('');
    await page.getByTestId('recipient-id-0').fill('010190-43');
    await page.getByTestId('preview-button').click();
    const subject = page.getByTestId('subject');
    await expect.poll(() => subject.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(subject)).toContain('Skriv et emne');
    expect(await describedBy(page.getByTestId('recipient-id-0'))).toContain('Ugyldigt CPR-nummer');
    expect(await page.getByTestId('recipient-id-0').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focusedTestId(page)).toBe('subject');
    expect(previews).toEqual([]);
    await shot(page, 'send-flow-field-errors');

    // Recipients: a named citizen with a manual copy, a company's P-unit, a child whose custody holders get copies.
    await page.getByTestId('subject').fill('Indkaldelse til samtale');
    await page.getByTestId('recipient-id-0').fill(SOFIE);
    await page.getByTestId('add-copy-0').click();
    await expect.poll(() => focusedTestId(page)).toBe('copy-id-0-0'); // the new field takes the focus
    await page.getByTestId('copy-id-0-0').fill(JENS);
    await page.getByTestId('add-recipient').click();
    await expect.poll(() => focusedTestId(page)).toBe('recipient-id-1');
    await page.getByTestId('recipient-type-1').selectOption('CVR');
    const units = page.waitForResponse((r) => r.url().includes('/v1/recipients/production-units?cvr=29189846'));
    await page.getByTestId('recipient-id-1').fill(TESTKOMMUNE);
    expect((await units).status()).toBe(200);
    await page.getByTestId('recipient-punit-1').selectOption(NORDSKOLEN);
    await page.getByTestId('add-recipient').click();
    await page.getByTestId('recipient-id-2').fill(EMMA);
    await page.getByTestId('guardian-copies').check();
    await page.getByTestId('action-code').selectOption('AFTALE');
    await page.getByTestId('action-start').fill('2026-12-03T10:00');
    await page.getByTestId('action-end').fill('2026-12-03T11:00');

    const previewed = page.waitForResponse((r) => r.url().endsWith('/v1/shipments/preview'));
    await page.getByTestId('preview-button').click();
    expect((await previewed).status()).toBe(200);
    await page.getByTestId('preview').waitFor();
    expect(await page.getByTestId('preview-name-0').textContent()).toBe('Sofie Udenmobil · CPR 050570-XXXX');
    expect(await page.getByTestId('preview-name-1').textContent()).toBe('Testkommune · CVR 29189846 · P-nr. 1017605124');
    expect(await page.getByTestId('preview-channel-0').textContent()).toBe('Digital post');
    expect(await page.getByTestId('preview-action-0').textContent()).toMatch(/^Handling: Aftale · "Tilføj til kalender" · 3\. dec\. 2026/);
    expect(await page.getByTestId('preview-copy-0-0').textContent()).toContain('CPR 010190-XXXX');
    expect(await page.getByTestId('preview-copy-0-0').textContent()).toContain('Kopi');
    const guardians = await page.locator('[data-testid^=preview-copy-2-]').allTextContents();
    expect(guardians).toEqual([
      expect.stringMatching(/^Anne Jensen · CPR 120382-XXXX.*Kopi til forældremyndighed \(mor\)/),
      expect.stringMatching(/^Peter Jensen · CPR 040979-XXXX.*Kopi til forældremyndighed \(far\)/),
    ]);
    // No full CPR number in the preview (the form's fields hold what the user typed).
    for (const cpr of [SOFIE, JENS, EMMA]) expect(await page.getByTestId('preview').innerHTML()).not.toContain(cpr);

    // The first page, drawn in the browser: not blank. Clicking it (here by keyboard) shows both pages.
    const thumb = page.getByTestId('letter-thumbnail').first();
    await expect.poll(() => thumb.locator('img').count(), { timeout: 20_000 }).toBe(1);
    expect(await inkShare(thumb.locator('img'))).toBeGreaterThan(0.005);
    await shot(page, 'send-flow-preview');
    expect(await seriousViolations(page)).toEqual([]);
    await docsScreenshot(page, 'send-preview', true);
    await thumb.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('letter-pages-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('[data-testid=letter-page] img').count(), { timeout: 20_000 }).toBe(2);
    expect(await dialog.locator('img').nth(1).getAttribute('alt')).toBe('Side 2 af 2');
    expect(await inkShare(dialog.locator('img').nth(1))).toBeGreaterThan(0.005);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'send-flow-pages');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focusedTestId(page)).toBe('letter-thumbnail');

    // Send: the request carries the P-unit, the copy and guardian copies; the status screen keeps the subject.
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/shipments') && r.request().method() === 'POST');
    await page.getByTestId('send-button').click();
    const res = await sent;
    expect(res.status()).toBe(201);
    const body = JSON.parse(res.request().postData() ?? '{}') as {
      recipients: Array<{ id: string; pNumber?: string; copies?: Array<{ id: string }> }>;
      options: { guardianCopies?: boolean };
    };
    expect(body.recipients).toEqual([
      { idType: 'CPR', id: SOFIE, copies: [{ idType: 'CPR', id: JENS }] },
      { idType: 'CVR', id: TESTKOMMUNE, pNumber: NORDSKOLEN },
      { idType: 'CPR', id: EMMA },
    ]);
    expect(body.options.guardianCopies).toBe(true);
    expect(await page.getByTestId('sent-subject').textContent()).toBe('Sendt: Indkaldelse til samtale');
    const id = ((await res.json()) as ShipmentView).id;
    const final = await waitFor(async () => {
      const v = (await (await platform.api(`/v1/shipments/${id}`)).json()) as ShipmentView;
      return v.letters.length === 6 && v.letters.every((l) => l.status.startsWith('delivered')) ? v : undefined;
    }, 'all six letters (three, a manual copy, two guardian copies) delivered');
    expect(final.letters.map((l) => l.copyKind ?? 'original').sort()).toEqual([
      'guardian',
      'guardian',
      'manual',
      'original',
      'original',
      'original',
    ]);
    await page.locator('[data-testid=letter][data-status^=delivered]').nth(5).waitFor({ timeout: 60_000 });

    // Each letter archived: its own record, found by its id (a copy's letter also has one in its original recipient's case).
    type Rec = { id: string; letterId: string | null; party: { masked: string }; receipt: { href: string | null } | null };
    const letter = final.letters.find((l) => l.recipient.id === '050570-XXXX' && !l.copyKind)!;
    const copy = final.letters.find((l) => l.copyKind === 'manual')!;
    const records = await waitFor(async () => {
      const q = final.letters.map((l) => l.id).join(',');
      const r = (await (await platform.api(`/v1/archive/records?letterId=${q}&pageSize=200`)).json()) as { items: Rec[] };
      // Six records, and the three copies' second ones in their original recipients' cases.
      return r.items.filter((x) => x.receipt?.href).length === 9 ? r.items : undefined;
    }, 'the six letters archived');
    const recordOf = (letterId: string, masked: string) => records.find((r) => r.letterId === letterId && r.party.masked === masked)!;

    // "Mine forsendelser" from the status screen: this shipment first, its letters, receipt and archive record.
    await page.getByTestId('to-mine').click();
    const mine = page.getByTestId('my-shipment').first();
    await expect.poll(() => mine.getByTestId('my-shipment-subject').textContent()).toBe('Indkaldelse til samtale');
    expect(await mine.getAttribute('data-shipment')).toBe(id);
    const archiveAsks: string[] = [];
    page.on('request', (r) => r.url().includes('/v1/archive/records') && archiveAsks.push(r.url()));
    await mine.getByTestId('my-shipment-toggle').click();
    const first = mine.getByTestId('letter').filter({ hasText: '050570-XXXX' }).filter({ hasNotText: 'Kopi' });
    await first.waitFor();
    const download = page.waitForEvent('download');
    await first.getByTestId('receipt-link').click();
    const receipt = await bytesOf(await download);
    const fromApi = Buffer.from(await (await platform.api(`/v1/letters/${letter.id}/receipt`)).arrayBuffer());
    expect(receipt.equals(fromApi)).toBe(true);
    // Each letter links to its own record: Sofie's letter to hers; the copy to Jens to his, not to its twin in Sofie's case.
    const own = recordOf(letter.id, '050570-XXXX');
    const link = first.getByTestId('archive-link');
    await expect.poll(() => link.getAttribute('data-record')).toBe(own.id);
    expect(await link.getAttribute('href')).toBe(`${front.url}${own.receipt!.href}`);
    const copyLink = mine.getByTestId('letter').filter({ hasText: '010190-XXXX' }).getByTestId('archive-link');
    expect(await copyLink.getAttribute('data-record')).toBe(recordOf(copy.id, '010190-XXXX').id);
    // The records of all six letters came in one request, asked for by their ids (no guess by subject and date).
    expect(archiveAsks).toHaveLength(1);
    const asked = new URL(archiveAsks[0]!).searchParams;
    expect(asked.get('letterId')!.split(',').sort()).toEqual(final.letters.map((l) => l.id).sort());
    expect(asked.has('subject')).toBe(false);
    // The link is the record's receipt PDF as the archive keeps it.
    const archived = page.waitForEvent('download');
    await link.click();
    const pdfBytes = await bytesOf(await archived);
    expect(pdfBytes.equals(Buffer.from(await (await platform.api(own.receipt!.href!)).arrayBuffer()))).toBe(true);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await seriousViolations(page)).toEqual([]);
    await docsScreenshot(page, 'send-mine', true);
  }, 240_000);

  it('"Mine forsendelser" lists only my own shipments, ten at a time', async () => {
    const page = await openSendAsSender();
    // Someone else's shipment (the admin token), which the caseworker must not see.
    const doc = await uploadPdf(platform, await letterPdf(1, 'Andres brev'));
    const others = await platform.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({ subject: 'Andres forsendelse', mainDocument: doc, recipients: [{ idType: 'CPR', id: JENS }] }),
    });
    expect(others.status).toBe(201);
    // Eleven of my own, made through the page's own session (cookie and CSRF header), as the page would.
    const pdf = (await letterPdf(1, 'Rykker')).toString('base64');
    const made = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const headers = { 'x-brevdue-csrf': '1' };
      const up = await fetch('/v1/documents', {
        method: 'POST',
        body: bytes,
        headers: { ...headers, 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="rykker.pdf"' },
      });
      const { id } = (await up.json()) as { id: string };
      const statuses: number[] = [];
      for (let i = 1; i <= 11; i++) {
        const r = await fetch('/v1/shipments', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ subject: `Rykker ${i}`, mainDocument: id, recipients: [{ idType: 'CPR', id: '0101904321' }] }),
        });
        statuses.push(r.status);
      }
      return statuses;
    }, pdf);
    expect(made).toEqual(Array(11).fill(201));

    await page.getByTestId('tab-mine').click();
    const subjects = () => page.getByTestId('my-shipment-subject').allTextContents();
    await expect.poll(async () => (await subjects()).length).toBe(10);
    expect((await subjects()).slice(0, 3)).toEqual(['Rykker 11', 'Rykker 10', 'Rykker 9']);
    const more = page.waitForResponse((r) => r.url().includes('/v1/shipments?') && r.url().includes('before='));
    await page.getByTestId('show-more').click();
    expect((await more).status()).toBe(200);
    // The next page follows (Rykker 1, and what this caseworker sent before); the admin's never shows.
    await expect.poll(async () => (await subjects()).length).toBeGreaterThan(10);
    const all = await subjects();
    expect(all.slice(0, 11)).toEqual(Array.from({ length: 11 }, (_, i) => `Rykker ${11 - i}`));
    expect(all).not.toContain('Andres forsendelse');
    expect(await page.getByTestId('show-more').count()).toBe(0);
    expect(await overflowsSideways(page)).toBe(false);
  }, 120_000);
});
