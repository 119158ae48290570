/**
 * The address window check before print, through the HTTP API: a print provider that asks for it
 * gets a letter whose page 1 shows the address in the window unchanged, one that does not with an
 * address cover page in front (or, by its config, the letter is failed with the reason), and a
 * printed letter whose address the platform does not know is left to the remote.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform, uploadPdf, waitForFinal } from '../support/platform.ts';

const MM = 72 / 25.4;
const coverFolder = mkdtempSync(join(tmpdir(), 'print-cover-'));
const strictFolder = mkdtempSync(join(tmpdir(), 'print-strict-'));
const JENS = { name: 'Jens Hansen', lines: ['Testvej 12, 2. th.'], postalCode: '8000', city: 'Aarhus C' };

/** A two-page letter with its address block at 20/48 mm, inside the C5 window. */
async function windowLetter(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  ['Jens Hansen', 'Testvej 12, 2. th.', '8000 Aarhus C'].forEach((l, i) =>
    page.drawText(l, { x: 20 * MM, y: 841.89 - 48 * MM - 10 * (1.2 * i + 1), size: 10, font }),
  );
  page.drawText('Kære Jens Hansen', { x: 20 * MM, y: 841.89 - 110 * MM, size: 10, font });
  doc.addPage([595.28, 841.89]).drawText('Side 2', { x: 72, y: 700, size: 10, font });
  return Buffer.from(await doc.save());
}

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({
    extraPlugins: [
      { package: 'brevdue-plugin-print-folder', name: 'cover', config: { folder: coverFolder, preflight: 'cover-page' } },
      { package: 'brevdue-plugin-print-folder', name: 'strict', config: { folder: strictFolder, preflight: 'refuse' } },
    ],
    routing: [
      { recipientTypes: ['CPR'], channels: ['print'], provider: 'cover' },
      { recipientTypes: ['CVR'], channels: ['print'], provider: 'strict' },
      { recipientTypes: ['CPR', 'CVR'], channels: ['digital'], provider: 'sandbox' },
    ],
  });
});
afterAll(async () => p?.close());

const send = async (doc: string, recipient: Record<string, unknown>) => {
  const res = await p.api('/v1/shipments', {
    method: 'POST',
    body: JSON.stringify({ subject: 'Brev', mainDocument: doc, channelPolicy: 'print-only', recipients: [recipient] }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await waitForFinal(p, ((await res.json()) as { id: string }).id)).letters[0]!;
};
const pages = async (file: string) => (await PDFDocument.load(readFileSync(file))).getPageCount();

describe('the address window check before print', () => {
  it('hands over a letter that fits the window unchanged', async () => {
    const original = await windowLetter();
    const letter = await send(await uploadPdf(p, original, 'brev.pdf'), { idType: 'CPR', id: '0101904321', address: JENS });
    expect(letter.status).toBe('delivered_print');
    expect(readFileSync(join(coverFolder, `${letter.messageId}.pdf`)).equals(original)).toBe(true);
  });

  it('puts an address cover page in front of a letter without the address in the window', async () => {
    const letter = await send(await uploadPdf(p, MINIMAL_PDF, 'uden-adresse.pdf'), { idType: 'CPR', id: '0101904322', address: JENS });
    expect(letter.status).toBe('delivered_print');
    const printed = join(coverFolder, `${letter.messageId}.pdf`);
    // The cover page, then the letter (simplex: the shipment gives no print options).
    expect(await pages(printed)).toBe((await PDFDocument.load(MINIMAL_PDF)).getPageCount() + 1);
    expect(p.logs.some((l) => l.includes('address cover page added for print'))).toBe(true);
  });

  it('says in preview what the check will do, before anything is sent', async () => {
    const preview = async (doc: string, recipient: Record<string, unknown>) => {
      const res = await p.api('/v1/shipments/preview', {
        method: 'POST',
        body: JSON.stringify({ subject: 'Brev', mainDocument: doc, channelPolicy: 'print-only', recipients: [recipient] }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { recipients: { warnings: string[] }[] }).recipients[0]!.warnings;
    };
    const bare = await uploadPdf(p, MINIMAL_PDF, 'uden-adresse.pdf');
    expect(await preview(await uploadPdf(p, await windowLetter(), 'brev.pdf'), { idType: 'CPR', id: '0101904321', address: JENS })).toEqual(
      [],
    );
    expect((await preview(bare, { idType: 'CPR', id: '0101904321', address: JENS })).join(' ')).toMatch(
      /sætter derfor en adresseside foran brevet/,
    );
    const refused = (await preview(bare, { idType: 'CVR', id: '29189846', address: { ...JENS, name: 'Firma A/S' } })).join(' ');
    expect(refused).toMatch(/står ikke i rudefeltet på side 1/);
    expect(refused).not.toMatch(/adresseside foran/);
  });

  it('fails the letter with the reason when the provider refuses rather than adds a cover page', async () => {
    const letter = await send(await uploadPdf(p, MINIMAL_PDF, 'uden-adresse.pdf'), {
      idType: 'CVR',
      id: '29189846',
      address: { ...JENS, name: 'Firma A/S' },
    });
    expect(letter.status).toBe('failed');
    expect(letter.reason).toMatch(/står ikke i rudefeltet på side 1/);
    expect(() => readFileSync(join(strictFolder, `${letter.messageId}.pdf`))).toThrow();
  });
});
