/**
 * Browser end-to-end of merge letters in /send (issue 14): a merged PDF is uploaded, "Find
 * modtagere i dokumentet" splits it by identifier with "Fjern CPR", the letters found are listed
 * (CPR masked, pages, the cover page warned about), one is removed with ✕, one is viewed page by
 * page, and the rest are sent. Through the API: each remaining recipient's letter carried only
 * its own document, with no CPR number left in it, and the removed one was not sent.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ShipmentView, SplitView } from '@brevdue/shared/api';
import type { PdfEngine } from '../../platform/src/pdf-engine/index.ts';
import { findCprInPdf } from '../fixtures/pdf/cpr-in-pdf.ts';
import { rawPdf, type RawPage } from '../fixtures/pdf/raw-pdf.ts';
import { pdfText } from '../../platform/test/pdf-text.ts';
import { SANDBOX_IDENTITY } from '../../platform/src/config/load-config.ts';
import { startTestPlatform, waitFor, type TestPlatform } from '../support/platform.ts';
import { launchChromium, openPane, paneOrigin, shot, signIn } from './browser-harness.ts';

/** The letters of the merged run: a word only that letter holds, its recipient, its pages. */
const LETTERS = [
  { word: 'Anemone', idType: 'CPR', id: '0101904321', shown: '010190-XXXX', name: 'Anne Andersen', pages: 2 },
  { word: 'Bellis', idType: 'CPR', id: '0303904321', shown: '030390-XXXX', name: 'Bent Berg', pages: 1 },
  { word: 'Crocus', idType: 'CPR', id: '1502851234', shown: '150285-XXXX', name: 'Carla Krog', pages: 2 },
  { word: 'Dahlia', idType: 'CVR', id: '29189846', shown: '29189846', name: 'Dahlia ApS', pages: 1 },
] as const;
const CPRS = LETTERS.filter((l) => l.idType === 'CPR').map((l) => l.id);
const REMOVED = 'Bellis';

/** A school system's merge run: a cover page, then each letter opening with its address block and number. */
function mergedPdf(): Buffer {
  const pages: RawPage[] = [{ content: 'BT /F1 16 Tf 50 800 Td (Forside: Skolebreve 2026) Tj ET' }];
  for (const l of LETTERS) {
    for (let p = 0; p < l.pages; p++) {
      const number = l.idType === 'CPR' ? `CPR: ${l.id.slice(0, 6)}-${l.id.slice(6)}` : `CVR: ${l.id}`;
      const lines = p === 0 ? [l.name, 'Skolevej 1', '8000 Aarhus C', number, ''] : [];
      lines.push(`Brevet ${l.word}, side ${p + 1}.`, 'Kaere modtager, her er dit brev fra skolen.');
      pages.push({ content: `BT /F1 12 Tf 16 TL 50 800 Td ${lines.map((t) => `(${t}) '`).join(' ')} ET` });
    }
  }
  return rawPdf(pages);
}

let platform: TestPlatform;
let front: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  // Sign-in by the sandbox's own OpenID provider: /send then runs on the session cookie, as staff use it.
  platform = await startTestPlatform({ config: { identity: SANDBOX_IDENTITY } });
  front = await paneOrigin(platform);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await front?.close();
  await platform?.close();
});

/** /send with a merged PDF chosen: signed in as a sender through the sandbox provider (session cookie), or with the admin's API token. */
async function openSend(how: 'account' | 'token', query = ''): Promise<Page> {
  const page = await openPane(browser, { host: 'Word' });
  await page.goto(`${front.url}/send${query}`);
  if (how === 'token') {
    // The harness's signIn waits for a pane's subject field first; /send opens on the drop zone.
    await page.getByTestId('trial-toggle').click();
    await page.getByTestId('token').fill(platform.token);
    await page.getByTestId('token-submit').click();
  } else {
    await page.getByTestId('sign-in-account').click();
    await page.getByLabel('Brugernavn (e-mail)').fill('sender@demo.example');
    await page.getByLabel('Adgangskode').fill('brevdue-demo');
    await page.getByRole('button', { name: 'Log ind' }).click();
  }
  await page.getByTestId('drop-zone').waitFor();
  await page.getByTestId('file-input').setInputFiles({ name: 'Skolebreve.pdf', mimeType: 'application/pdf', buffer: mergedPdf() });
  await page.getByTestId('subject').waitFor();
  return page;
}

const content = async (document: string) => Buffer.from(await (await platform.api(`/v1/documents/${document}/content`)).arrayBuffer());

describe('Word task pane merge letters', () => {
  it('splits the open document into its letters, as /send does (the shared flow)', async () => {
    const pdf = mergedPdf();
    const page = await openPane(browser, {
      host: 'Word',
      word: { base64: pdf.toString('base64'), slices: 1, url: 'C:\\Skole\\Skolebreve.docx', title: 'Skolebreve', pdf: true },
    });
    await page.goto(`${front.url}/addins/word/taskpane.html`);
    await signIn(page, platform.token);
    await page.getByTestId('find-recipients').click();
    await page.getByTestId('split-button').click();
    await expect.poll(() => page.getByTestId('letters-found').textContent()).toBe('4 breve fundet');
    expect(await page.getByTestId('unassigned-pages').count()).toBe(1);
  });
});

describe('/send merge letters', () => {
  it('splits a merged PDF by identifier with Fjern CPR, drops one letter, and sends each recipient only its own letter', async () => {
    const page = await openSend('account');
    const splits: SplitView[] = [];
    page.on('response', (r) => {
      if (/\/v1\/(documents\/[^/]+\/split|splits\/[^/]+)$/.test(r.url()) && r.ok()) void r.json().then((s: SplitView) => splits.push(s));
    });

    await page.getByTestId('find-recipients').click();
    await page.getByText('Vælg splitmetode').waitFor();
    expect(await page.getByTestId('split-by-identifier').isChecked()).toBe(true);
    await page.getByTestId('redact-cpr').check();
    await page.getByTestId('split-button').click();

    await expect.poll(() => page.getByTestId('letters-found').textContent()).toBe('4 breve fundet');
    expect(await page.getByTestId('unassigned-pages').textContent()).toContain('Side 1 står før det første CPR- eller CVR-nummer');
    const items = page.getByTestId('split-letter');
    const texts = await items.allInnerTexts();
    expect(texts).toHaveLength(LETTERS.length);
    for (const [i, l] of LETTERS.entries()) {
      expect(texts[i]).toContain(`${l.idType} ${l.shown}`);
      expect(texts[i]).toContain(['sider 2–3', 'side 4', 'sider 5–6', 'side 7'][i]);
    }
    // The screen shows CPR numbers masked, never in full.
    for (const cpr of CPRS) expect(await page.content()).not.toContain(cpr);

    // ✕ on Bellis's letter; then Anemone's pages in the viewer.
    await items.filter({ hasText: LETTERS[1].shown }).getByTestId('remove-letter').click();
    await expect.poll(() => page.getByTestId('letters-found').textContent()).toBe('3 breve fundet');
    const shown = page.waitForResponse((r) => r.url().endsWith(`/v1/documents/${splits.at(-1)?.letters[0]?.document}/content`));
    await items.first().getByTestId('show-letter').click();
    await page.getByTestId('letter-page-preview').waitFor();
    // The frame loads the letter's own PDF from the platform (the session cookie is its credential).
    const pdf = await shown;
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await page.waitForTimeout(1500); // let the PDF viewer paint before the screenshot (no assertion waits on it)
    await shot(page, 'merge-flow');

    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview').waitFor();
    await expect.poll(() => page.getByTestId('preview-document-0').textContent()).toContain('Skolebreve-brev-001.pdf');
    await shot(page, 'merge-flow-preview');
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/shipments') && r.request().method() === 'POST');
    await page.getByTestId('send-button').click();
    const res = await sent;
    const body = JSON.parse(res.request().postData() ?? '{}') as {
      mainDocument?: string;
      recipients: Array<{ idType: string; id: string; document?: string }>;
    };
    expect(res.status()).toBe(201);
    expect(body.mainDocument).toBeUndefined();
    await page.locator('[data-testid=letter][data-status^=delivered]').nth(2).waitFor({ timeout: 60_000 });
    await shot(page, 'merge-flow-sent');

    // Through the API: three letters, each with its own split document and nothing else.
    const split = splits.find((s) => s.status === 'done')!;
    expect(split.letters).toHaveLength(4);
    const kept = LETTERS.filter((l) => l.word !== REMOVED);
    expect(body.recipients.map((r) => r.id)).toEqual(kept.map((l) => l.id));
    const shipment = (await (await platform.api(`/v1/shipments/${(await res.json()).id}`)).json()) as ShipmentView;
    expect(shipment.letters.map((l) => l.recipient.id).sort()).toEqual(kept.map((l) => l.shown).sort());
    const sim = await waitFor(async () => {
      const m = (
        (await (await fetch(`${platform.sandbox!.url}/messages`)).json()) as {
          messages: Array<{ reference?: string; documents: Array<{ role: string; sha256: string }> }>;
        }
      ).messages;
      return shipment.letters.every((l) => m.some((x) => x.reference === l.id)) ? m : undefined;
    }, 'the simulator to hold the three letters');
    for (const l of kept) {
      const own = split.letters.find((x) => x.recipient?.id === l.id)!;
      expect(body.recipients.find((r) => r.id === l.id)?.document).toBe(own.document);
      const bytes = await content(own.document);
      const letter = shipment.letters.find((x) => x.recipient.id === l.shown)!;
      const delivered = sim.find((m) => m.reference === letter.id)!;
      expect(delivered.documents.map((d) => [d.role, d.sha256])).toEqual([['main', createHash('sha256').update(bytes).digest('hex')]]);
      const text = await pdfText(bytes);
      expect(text).toContain(`Brevet ${l.word}`);
      for (const other of LETTERS.filter((o) => o.word !== l.word)) expect(text).not.toContain(other.word);
      expect(text).not.toContain('Forside');
      expect(await findCprInPdf(bytes, CPRS)).toEqual([]);
    }
    const removed = split.letters.find((x) => x.recipient?.id === LETTERS[1].id)!;
    const removedSha = createHash('sha256')
      .update(await content(removed.document))
      .digest('hex');
    expect(sim.some((m) => m.documents.some((d) => d.sha256 === removedSha))).toBe(false);
  }, 180_000);

  it('in English with ?lang=en: a progress bar while a long split runs, every N pages, and the leak guard hold shown in the preview', async () => {
    const page = await openSend('token', '?lang=en');
    // The engine held at a gate after reading two of seven pages: a long merge run, without the wait.
    const rt = platform.runtime as { pdf: PdfEngine };
    const engine = rt.pdf;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    rt.pdf = {
      ...engine,
      split: async (src, options, onProgress) => {
        onProgress?.({ phase: 'read', pages: 2, of: 7 });
        await gate;
        return engine.split(src, options, onProgress);
      },
    };
    onTestFinished(() => {
      open();
      rt.pdf = engine;
    });
    await page.getByTestId('find-recipients').click();
    await page.getByText('Choose how to split').waitFor();
    await page.getByTestId('split-by-pages').check();
    await page.getByTestId('pages-per-letter').fill('0');
    expect(await page.getByTestId('split-button').isDisabled()).toBe(true);
    await page.getByTestId('pages-per-letter').fill('3');
    await page.getByTestId('split-button').click();
    await page.getByTestId('split-progress').waitFor();
    // Until the platform answers (202 after two seconds) the bar has only the page count; then the polled progress.
    await expect
      .poll(() => page.getByTestId('split-progress').getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('Splitting the document … page 1 of 7');
    await shot(page, 'merge-flow-progress');
    open();
    await expect.poll(() => page.getByTestId('letters-found').textContent()).toBe('3 letters found');
    expect(await page.getByTestId('split-progress').count()).toBe(0);
    // Each letter is named after the first number on its pages.
    expect(await page.getByTestId('split-letter').allInnerTexts()).toEqual([
      expect.stringMatching(/CPR 010190-XXXX[^]*pages 1–3/),
      expect.stringMatching(/CPR 030390-XXXX[^]*pages 4–6/),
      expect.stringMatching(/CVR 29189846[^]*page 7/),
    ]);
    // With a bearer token (as in the Office panes) no frame could carry the credential: the letter is offered as its PDF.
    await page.getByTestId('show-letter').first().click();
    expect(await page.getByTestId('letter-download').textContent()).toBe('Open the letter as PDF');
    const download = page.waitForEvent('download');
    await page.getByTestId('letter-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('letter-1.pdf');
    const text = await pdfText(await readFile((await file.path())!));
    expect(text).toContain('Forside');
    expect(text).toContain('Brevet Anemone, side 1');
    expect(text).not.toContain('Bellis');

    // Bellis's letter also holds Crocus's pages and CPR number: the preview says it will be held, and why.
    await page.getByTestId('preview-button').click();
    await page.getByTestId('preview').waitFor();
    expect(await page.getByTestId('preview-hold-1').textContent()).toBe('Held back');
    expect(await page.getByTestId('preview-hold-reason-1').textContent()).toMatch(
      /^Held: Skolebreve-brev-002\.pdf carries a CPR number other than the recipient's/,
    );
    expect([await page.getByTestId('preview-hold-0').count(), await page.getByTestId('preview-hold-2').count()]).toEqual([0, 0]);
    await shot(page, 'merge-flow-held');
  }, 120_000);
});
