/**
 * Browser: Arkiv in the console (issue 17), on a real platform with the sandbox provider, a LUDUS
 * archive target (exporting only when asked) and the sandbox's own OpenID provider. Letters are
 * sent through the API first, so the archive holds their records and receipts. The archivist
 * finds a party's case (the number typed whole, shown masked), opens it at its own URL with the
 * keyboard, downloads a receipt PDF and the party's insight ZIP, places a legal hold, exports the
 * case and follows the export to done, saves a retention rule and dry-runs retention; holds one
 * letter of a case with a reason and lifts it again, retention skipping it while held – each
 * checked through the API. An auditor sees Arkiv without its actions; a sender does not see it,
 * and the API refuses the sender. axe finds no serious or critical violation, no page shows a
 * full CPR number, and the screenshots land in docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import type { ArchiveCase, ArchiveExportPage, ArchiveRecordPage, RetentionReportView, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { ARCHIVE_ACTIONS } from '../../addins/src/console/archive-roles.ts';
import { POLICY } from '../../platform/src/auth/policy.ts';
import { startTestPlatform, waitFor, waitForFinal, type TestPlatform, uploadPdf } from '../support/platform.ts';
import { launchChromium } from './browser-harness.ts';
import { SANDBOX_IDENTITY, screenshot, seriousViolations, signInConsole } from './console-harness.ts';

/** Two parties registered for digital post in the sandbox; neither number may appear whole in a page. */
const CPR_A = '0202904321';
const CPR_B = '0303904321';

let platform: TestPlatform;
let browser: Browser;
let senderToken: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [platform, browser] = await Promise.all([
    startTestPlatform({
      config: SANDBOX_IDENTITY,
      extraPlugins: (dataDir) => [
        {
          name: 'ludus',
          package: '@brevdue/archive-ludus',
          autoExport: false,
          config: { dropDir: join(dataDir, 'ludus-drop'), createDropDir: true },
        },
      ],
    }),
    launchChromium(),
  ]);
  senderToken = await platform.tokenFor('sender', { team: 'borgerservice' });
  // Two letters to A, one to B, each delivered and filed with its receipt.
  for (const [subject, cpr] of [
    ['Indkaldelse til samtale', CPR_A],
    ['Afgørelse om tilskud', CPR_A],
    ['Kvittering for ansøgning', CPR_B],
  ] as const) {
    const res = await platform.api('/v1/shipments', {
      token: senderToken,
      method: 'POST',
      body: JSON.stringify({
        subject,
        mainDocument: await uploaded(senderToken),
        channelPolicy: 'digital-only',
        recipients: [{ idType: 'CPR', id: cpr, name: cpr === CPR_A ? 'Anna Andersen' : 'Bo Berg' }],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const done = await waitForFinal(platform, ((await res.json()) as ShipmentView).id);
    expect(done.letters[0]!.status).toBe('delivered_digital');
  }
  for (const [cpr, n] of [
    [CPR_A, 2],
    [CPR_B, 1],
  ] as const)
    await waitFor(
      async () => {
        const page = (await (await platform.api(`/v1/archive/records?party=${cpr}`)).json()) as ArchiveRecordPage;
        return page.items.length === n && page.items.every((r) => r.receipt !== null);
      },
      `the archive records of ${cpr.slice(0, 6)}`,
    );
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/** Uploads a one-page PDF as `token`; answers its document id. */
const uploaded = (token: string) => uploadPdf(platform, MINIMAL_PDF, 'brev.pdf', token);

async function signedIn(upn: string, path: string): Promise<Page> {
  const { context, page } = await signInConsole(browser, platform.url, upn, path);
  contexts.push(context);
  return page;
}

async function expectNoFullCpr(page: Page): Promise<void> {
  const html = await page.content();
  for (const cpr of [CPR_A, CPR_B]) expect(html).not.toContain(cpr);
}

/** The bytes of a download the action starts. */
async function downloaded(page: Page, action: () => Promise<void>): Promise<{ bytes: Buffer; name: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), action()])) as [Download, void];
  return { bytes: readFileSync((await download.path())!), name: download.suggestedFilename() };
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Konsollens sektioner' });
const archiveNav = (page: Page) => page.getByRole('navigation', { name: 'Arkivets sider' });

async function caseOf(cpr: string): Promise<ArchiveCase> {
  const page = (await (await platform.api(`/v1/archive/records?party=${cpr}`)).json()) as ArchiveRecordPage;
  return (await (await platform.api(`/v1/archive/cases/${page.items[0]!.caseId}`)).json()) as ArchiveCase;
}

describe('/console/arkiv', () => {
  it('offers each Arkiv action to the roles the API policy allows its operation to', () => {
    for (const [name, a] of Object.entries(ARCHIVE_ACTIONS))
      expect([...a.roles].sort(), name).toEqual([...(POLICY[a.operation] ?? [])].sort());
  });

  it('serves every Arkiv page at its own URL, and nothing deeper', async () => {
    const { id } = await caseOf(CPR_A);
    for (const path of [
      '/console/arkiv',
      '/console/arkiv/eksport',
      '/console/arkiv/kassation',
      '/console/arkiv/indsigt',
      '/console/arkiv/indstillinger',
      `/console/arkiv/sag/${id}`,
    ])
      expect((await fetch(`${platform.url}${path}`)).status, path).toBe(200);
    expect((await fetch(`${platform.url}/console/arkiv/sag/${id}/mere`)).status).toBe(404);
    expect((await fetch(`${platform.url}/console/arkiv/andet`)).status).toBe(404);
  });

  // One archivist's session, step by step on one page: it is given longer than a single check.
  it('lets an archivist find a case by party, download its receipt, hold it, export it and dry-run retention', async () => {
    const page = await signedIn('archivist@demo.example', '/console/arkiv');
    expect(await nav(page).getByRole('link').allTextContents()).toContain('Arkiv');
    const results = page.getByTestId('archive-results').locator('tbody tr');
    // With no filter: the newest records of the whole archive.
    await expect.poll(() => results.count()).toBe(3);

    // The number typed whole, with a dash; the results show it masked, and the URL never holds it.
    await page.getByTestId('archive-party').fill('020290-4321');
    await page.getByTestId('archive-channel').selectOption('digital');
    await page.getByTestId('archive-search').click();
    await expect.poll(() => results.count()).toBe(2);
    expect(await results.allTextContents()).toEqual([
      expect.stringContaining('CPR 020290-XXXX – Anna Andersen'),
      expect.stringContaining('CPR 020290-XXXX'),
    ]);
    expect(await page.getByTestId('archive-page').textContent()).toBe('Side 1 af 1 (2 poster)');
    expect(page.url()).not.toContain('4321');
    expect(new URL(page.url()).searchParams.get('channel')).toBe('digital');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'arkiv');
    await expectNoFullCpr(page);

    // A typing slip is said on the field, and nothing is searched.
    await page.getByTestId('archive-party').fill('12345');
    await page.getByTestId('archive-search').click();
    await expect.poll(() => page.getByText('Skriv 10 cifre (CPR) eller 8 cifre (CVR).').count()).toBe(1);
    await page.getByTestId('archive-party').fill(CPR_A);

    // The case opens by its link with the keyboard, at its own URL.
    const kase = await caseOf(CPR_A);
    await page.getByRole('link', { name: 'Åbn sagen for CPR 020290-XXXX – Anna Andersen (Afgørelse om tilskud)' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${platform.url}/console/arkiv/sag/${kase.id}`);
    expect(await page.getByTestId('case-title').textContent()).toBe('Sag for CPR 020290-XXXX – Anna Andersen');
    const records = page.getByTestId('case-records').locator('tbody tr');
    await expect.poll(() => records.count()).toBe(2);
    expect(await records.allTextContents()).toEqual([
      expect.stringContaining('Afgørelse om tilskud'),
      expect.stringContaining('Indkaldelse til samtale'),
    ]);
    expect(await page.getByTestId('case-page').textContent()).toBe('Side 1 af 1 (2 breve)');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'arkiv-sag');
    await expectNoFullCpr(page);

    // The receipt PDF downloads (with the keyboard) and is the archive's own copy.
    const receiptLink = page.getByRole('link', { name: /^Hent kvittering \(PDF\) for »Indkaldelse til samtale«/ });
    const receipt = await downloaded(page, async () => {
      await receiptLink.focus();
      await page.keyboard.press('Enter');
    });
    expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const record = kase.records.find((r) => r.subject === 'Indkaldelse til samtale')!;
    expect(receipt.bytes.length).toBe(record.receipt!.bytes);
    // The download is audited, without the number.
    const audit = (await (await platform.api(`/v1/audit?action=archive.document.read&objectId=${record.receipt!.id}`)).json()) as {
      total: number;
      items: { details: unknown }[];
    };
    expect(audit.total).toBe(1);

    // The party's insight ZIP, asked for by the case (the page never knows the whole number).
    const zip = await downloaded(page, () => page.getByTestId('case-insight').click());
    expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(zip.name).toBe(`indsigt-${kase.id}.zip`);

    // Legal hold: a reason is required; then the case is on hold, through the API too.
    await page.getByTestId('hold-submit').click();
    await expect.poll(() => page.getByTestId('hold-result').textContent()).toBe('Skriv en begrundelse.');
    await page.getByTestId('hold-reason').fill('Klagesag 2026-117');
    await page.getByTestId('hold-reason').press('Enter');
    await expect.poll(() => page.getByTestId('hold-result').textContent()).toBe('Sagen er tilbageholdt; den slettes ikke ved kassation.');
    await expect.poll(() => page.getByTestId('case-hold').textContent()).toBe('Ja – sagen slettes ikke ved kassation');
    expect(await page.getByTestId('hold-submit').textContent()).toBe('Ophæv tilbageholdelse');
    expect((await caseOf(CPR_A)).legalHold).toBe(true);

    // Export to LUDUS, followed until done.
    await page.getByTestId('export-target').selectOption('ludus');
    await page.getByTestId('export-case').click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent())
      .toBe('2 af 2 poster er sat i kø til ludus. Status følges herunder.');
    const exportRows = page.getByTestId('exports-table').locator('tbody tr');
    await expect.poll(() => exportRows.count()).toBe(2);
    await expect
      .poll(async () => (await exportRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).join(), {
        timeout: 30_000,
      })
      .toBe('exported,exported');
    const exported = (await (await platform.api(`/v1/archive/exports?caseId=${kase.id}`)).json()) as ArchiveExportPage;
    expect(exported.items.map((e) => [e.target, e.status])).toEqual([
      ['ludus', 'exported'],
      ['ludus', 'exported'],
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'arkiv-sag-eksport');

    // Retention: a rule (every kind one year), B's case two years idle; the dry run lists B's documents only.
    await archiveNav(page).getByRole('link', { name: 'Kassation' }).click();
    await page.waitForURL(`${platform.url}/console/arkiv/kassation`);
    await expect.poll(() => page.getByTestId('rules-none').count()).toBe(1);
    await page.getByTestId('rule-kind').selectOption('*');
    await page.getByTestId('rule-years').fill('1');
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rules-save').click();
    await expect.poll(() => page.getByTestId('rules-result').textContent()).toBe('Reglerne er gemt.');
    const rules = (await (await platform.api('/v1/archive/retention-rules')).json()) as { rules: unknown[] };
    expect(rules.rules).toEqual([{ documentKind: '*', keepYears: 1, after: 'last_activity' }]);

    const b = await caseOf(CPR_B);
    await sql`update cases set last_activity_at = now() - interval '2 years' where id in (${b.id}, ${kase.id})`.execute(
      platform.runtime.db,
    );
    const due = b.records.flatMap((r) => r.documents).length;
    await page.getByTestId('dry-run').click();
    await expect
      .poll(() => page.getByTestId('dry-run-result').textContent())
      .toMatch(new RegExp(`^Kassation ville slette ${due} dokumenter`));
    const dueRows = page.getByTestId('dry-run-table').locator('tbody tr');
    await expect.poll(() => dueRows.count()).toBe(due);
    // The held case is not among them: every row links to B's case.
    const links = await dueRows.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(new Set(links)).toEqual(new Set([`/console/arkiv/sag/${b.id}`]));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'arkiv-kassation');
    // Nothing was deleted.
    expect((await caseOf(CPR_B)).records.flatMap((r) => r.documents).every((d) => d.deletedAt === null)).toBe(true);
    await expectNoFullCpr(page);

    // The exports page lists the case's exports, each linking back to its case.
    await archiveNav(page).getByRole('link', { name: 'Eksporter' }).click();
    await page.waitForURL(`${platform.url}/console/arkiv/eksport`);
    await expect.poll(() => page.getByTestId('exports-table').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('targets-table').textContent()).toContain('ludus');
    expect(await seriousViolations(page)).toEqual([]);
  }, 180_000);

  it('lets an archivist hold one letter of a case with a reason and lift it again; retention skips the held letter', async () => {
    const kase = await caseOf(CPR_B);
    const record = kase.records[0]!;
    const dueRecords = async () => {
      const res = await platform.api('/v1/archive/retention/run?dryRun=true', { method: 'POST' });
      expect(res.status).toBe(200);
      return new Set(((await res.json()) as RetentionReportView).documents.map((d) => d.recordId));
    };
    // Every kind one year; B's case two years idle, so its letter is due unless held.
    const put = await platform.api('/v1/archive/retention-rules', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ documentKind: '*', keepYears: 1 }] }),
    });
    expect(put.status).toBe(200);
    await sql`update cases set last_activity_at = now() - interval '2 years' where id = ${kase.id}`.execute(platform.runtime.db);
    expect(await dueRecords()).toContain(record.id);

    const page = await signedIn('archivist@demo.example', `/console/arkiv/sag/${kase.id}`);
    const row = page.locator(`[data-record="${record.id}"]`);
    await expect.poll(() => row.getAttribute('data-hold')).toBe('none');

    // The row's button asks for the reason in a dialog; without one nothing is sent.
    await page.getByRole('button', { name: /^Tilbagehold brevet »Kvittering for ansøgning«/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-hold-submit').click();
    await expect.poll(() => page.getByTestId('record-hold-error').textContent()).toBe('Skriv en begrundelse.');
    await page.getByTestId('record-hold-reason').fill('Klage over kvitteringen, j.nr. 2026-88');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('record-hold-reason').press('Enter');
    await expect
      .poll(() => page.getByTestId('record-hold-result').textContent())
      .toBe('Brevet »Kvittering for ansøgning« er tilbageholdt; det slettes ikke ved kassation.');
    await expect.poll(() => row.getAttribute('data-hold')).toBe('record');
    expect(await row.getByTestId('record-hold').textContent()).toBe('Tilbageholdt');
    expect(await page.getByTestId('case-hold').textContent()).toBe('Nej');
    // The page behind the dialog is inert until the dialog has gone (its closing animation).
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('#root').getAttribute('aria-hidden')).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'arkiv-sag-brev-tilbageholdt');
    await expectNoFullCpr(page);

    // Through the API: the record is held (its case is not), retention leaves it, the reason is audited.
    const held = await caseOf(CPR_B);
    expect(held.legalHold).toBe(false);
    expect(held.records.find((r) => r.id === record.id)).toMatchObject({ legalHold: true, recordHold: true });
    expect(await dueRecords()).not.toContain(record.id);
    const audit = (await (await platform.api(`/v1/audit?action=archive.legal_hold.place&objectId=${record.id}`)).json()) as {
      total: number;
      items: { details: unknown }[];
    };
    expect(audit.total).toBe(1);
    expect(audit.items[0]!.details).toMatchObject({ reason: 'Klage over kvitteringen, j.nr. 2026-88' });

    // Lifted again, with its own reason: the letter is due once more.
    await page.getByRole('button', { name: /^Ophæv tilbageholdelsen af brevet »Kvittering for ansøgning«/ }).click();
    await page.getByTestId('record-hold-reason').fill('Klagen er afgjort');
    await page.getByTestId('record-hold-submit').click();
    await expect
      .poll(() => page.getByTestId('record-hold-result').textContent())
      .toBe('Tilbageholdelsen af brevet »Kvittering for ansøgning« er ophævet.');
    await expect.poll(() => row.getAttribute('data-hold')).toBe('none');
    expect(await dueRecords()).toContain(record.id);
  });

  it('shows an auditor the archive without its actions', async () => {
    const kase = await caseOf(CPR_B);
    // A rule to show (the same one the archivist saves, whichever test runs first).
    const put = await platform.api('/v1/archive/retention-rules', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ documentKind: '*', keepYears: 1 }] }),
    });
    expect(put.status).toBe(200);
    const page = await signedIn('auditor@demo.example', `/console/arkiv/sag/${kase.id}`);
    await expect.poll(() => page.getByTestId('case-records').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('hold-submit').count()).toBe(0);
    expect(await page.getByTestId('record-hold-open').count()).toBe(0);
    expect(await page.getByTestId('case-insight').count()).toBe(0);
    expect(await page.getByTestId('export-case').count()).toBe(0);
    expect(await archiveNav(page).getByRole('link').allTextContents()).toEqual(['Søg', 'Eksporter', 'Kassation', 'Indstillinger']);
    await archiveNav(page).getByRole('link', { name: 'Kassation' }).click();
    await expect.poll(() => page.getByTestId('rules-table').count()).toBe(1);
    expect(await page.getByTestId('dry-run').count()).toBe(0);
    expect(await page.getByTestId('rules-save').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // English by the switch, one language at a time.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.getByRole('navigation', { name: 'Archive pages' }).getByRole('link').allTextContents()).toEqual([
      'Search',
      'Exports',
      'Retention',
      'Settings',
    ]);
    expect(await page.getByText('Your role can view but not change this.').count()).toBe(1);
    // The receipts' language: shown, not changeable.
    await page.getByRole('navigation', { name: 'Archive pages' }).getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('receipt-language').count()).toBe(1);
    expect(await page.getByTestId('receipt-language').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
  });

  it('lets an archivist choose the language of the receipts filed from now on', async () => {
    const page = await signedIn('archivist@demo.example', '/console/arkiv');
    await archiveNav(page).getByRole('link', { name: 'Indstillinger' }).click();
    await page.waitForURL(`${platform.url}/console/arkiv/indstillinger`);
    const select = page.getByTestId('receipt-language');
    await expect.poll(() => select.inputValue()).toBe('da');
    expect(await select.locator('option').allTextContents()).toEqual(['Dansk', 'Engelsk', 'Norsk (bokmål)']);
    await select.selectOption('en');
    await page.getByRole('button', { name: 'Gem' }).click();
    await expect.poll(() => page.getByTestId('settings-outcome').textContent()).toBe('Indstillingen er gemt.');
    expect(await (await platform.api('/v1/archive/settings')).json()).toEqual({ receiptLanguage: 'en' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'arkiv-indstillinger');
    // Back to Danish for whatever runs after.
    await select.selectOption('da');
    await page.getByRole('button', { name: 'Gem' }).click();
    await expect
      .poll(async () => (await (await platform.api('/v1/archive/settings')).json()) as unknown)
      .toEqual({ receiptLanguage: 'da' });
  });

  it('does not show a sender Arkiv, and the API refuses the sender its work', async () => {
    const page = await signedIn('sender@demo.example', '/console/oversigt');
    expect(await nav(page).getByRole('link').allTextContents()).not.toContain('Arkiv');
    await page.goto(`${platform.url}/console/arkiv`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Din rolle giver ikke adgang til denne side.');
    expect(await page.getByTestId('archive-results').count()).toBe(0);

    const { id, records } = await caseOf(CPR_B);
    const json = { 'content-type': 'application/json' };
    for (const [method, path, body] of [
      ['GET', '/v1/archive/exports', undefined],
      ['GET', '/v1/archive/targets', undefined],
      ['POST', `/v1/archive/cases/${id}/legal-hold`, { hold: true, reason: 'probe' }],
      ['POST', `/v1/archive/records/${records[0]!.id}/legal-hold`, { hold: true, reason: 'probe' }],
      ['POST', '/v1/archive/exports', { caseId: id }],
      ['POST', '/v1/archive/retention/run?dryRun=true', undefined],
      ['GET', `/v1/archive/insight?caseId=${id}`, undefined],
      ['GET', '/v1/archive/settings', undefined],
      ['PUT', '/v1/archive/settings', { receiptLanguage: 'en' }],
    ] as const) {
      const res = await platform.api(path, { token: senderToken, method, headers: json, ...(body ? { body: JSON.stringify(body) } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // The sender's own letters are still theirs to read, masked on any page.
    const mine = (await (await platform.api('/v1/archive/records', { token: senderToken })).json()) as ArchiveRecordPage;
    expect(mine.total).toBe(3);
  });
});
