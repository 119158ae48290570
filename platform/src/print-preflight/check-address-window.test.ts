import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { createPdfEngine } from '../pdf-engine/index.ts';
import { addAddressCoverPage, checkAddressWindow, POSTNORD_WINDOWS, preflightPrintLetter, type AddressWindow } from './index.ts';

const MM = 72 / 25.4;
// The letters are read as the platform reads them: by the PDF engine, on its worker thread.
const engine = createPdfEngine({ threads: 1 });
afterAll(() => engine.close());
const recipient = { name: 'Jens Hansen', lines: ['Testvej 12, 2. th.'], postalCode: '8000', city: 'Aarhus C' };

/** A letter whose page 1 has `blocks` of lines, each at (x, y) mm from the top-left corner. */
async function letter(
  blocks: Array<{ x: number; y: number; lines: string[]; size?: number }>,
  pageSize: [number, number] = [595.28, 841.89],
  rotate = 0,
) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(pageSize);
  if (rotate) page.setRotation(degrees(rotate));
  for (const b of blocks) {
    const size = b.size ?? 10;
    b.lines.forEach((l, i) => page.drawText(l, { x: b.x * MM, y: pageSize[1] - b.y * MM - size * (1.2 * i + 1), size, font }));
  }
  doc.addPage(pageSize).drawText('Side 2', { x: 72, y: 700, size: 10, font });
  return doc.save();
}

const address = (x = 20, y = 48) => ({ x, y, lines: ['Jens Hansen', 'Testvej 12, 2. th.', '8000 Aarhus C'] });
const body = { x: 20, y: 110, lines: ['Kære Jens Hansen', 'Du er indkaldt til møde den 3. december i Aarhus.'] };
const C5: AddressWindow = POSTNORD_WINDOWS.C5;

describe('checkAddressWindow', () => {
  it('passes a letter with the address in the C5 window and the body below it', async () => {
    expect(await checkAddressWindow(engine, await letter([address(), body]), recipient, C5)).toEqual({ ok: true });
  });

  it('passes a letter that also has the sender in the top corner and a date to the right of the window', async () => {
    const pdf = await letter([
      { x: 20, y: 15, lines: ['Testkommune, Rådhuset'] },
      address(),
      { x: 140, y: 50, lines: ['3. december 2026'] },
      body,
    ]);
    expect(await checkAddressWindow(engine, pdf, recipient, C5)).toEqual({ ok: true });
  });

  it('fails with address_missing when the address sits elsewhere on page 1, and says where', async () => {
    const r = await checkAddressWindow(engine, await letter([address(20, 120)]), recipient, C5);
    expect(r).toMatchObject({ ok: false, reason: 'address_missing' });
    expect(!r.ok && r.message).toMatch(/ikke i rudefeltet \(fundet 12\d mm fra toppen\)/);
  });

  it('fails with address_missing when only the name is in the window', async () => {
    const r = await checkAddressWindow(engine, await letter([{ x: 20, y: 48, lines: ['Jens Hansen', 'Testvej 12'] }]), recipient, C5, {
      lang: 'en',
    });
    expect(r).toMatchObject({ ok: false, reason: 'address_missing' });
    expect(!r.ok && r.message).toMatch(/^The postal code is not in the window area/);
  });

  it('fails with window_not_clear when other text shows in the window', async () => {
    const withReference = {
      x: 20,
      y: 47,
      lines: ['Sagsnr. 2026-1234 CPR 010190-4321', 'Jens Hansen', 'Testvej 12, 2. th.', '8000 Aarhus C'],
    };
    const r = await checkAddressWindow(engine, await letter([withReference]), recipient, C5);
    expect(r).toMatchObject({ ok: false, reason: 'window_not_clear' });
    const below = await checkAddressWindow(
      engine,
      await letter([address(), { x: 20, y: 72, lines: ['Se vedlagte bilag'] }]),
      recipient,
      C5,
    );
    expect(below).toMatchObject({ ok: false, reason: 'window_not_clear' });
  });

  it('fails with window_not_clear when the address crosses the window edge', async () => {
    const r = await checkAddressWindow(engine, await letter([address(100, 48)]), recipient, C5);
    expect(r).toMatchObject({ ok: false, reason: 'window_not_clear' });
  });

  it('refuses a US Letter page and a landscape page 1 as not_a4', async () => {
    expect(await checkAddressWindow(engine, await letter([address()], [612, 792]), recipient, C5)).toMatchObject({
      ok: false,
      reason: 'not_a4',
    });
    const landscape = await checkAddressWindow(engine, await letter([address()], [841.89, 595.28]), recipient, C5);
    expect(landscape).toMatchObject({ ok: false, reason: 'not_a4' });
    expect(!landscape.ok && landscape.message).toMatch(/liggende/);
    // A portrait page turned by /Rotate prints landscape; a landscape one turned prints upright.
    const turned = await checkAddressWindow(engine, await letter([address()], [595.28, 841.89], 90), recipient, C5);
    expect(turned).toMatchObject({ ok: false, reason: 'not_a4' });
    expect(!turned.ok && turned.message).toMatch(/liggende/);
    const upright = await checkAddressWindow(engine, await letter([], [841.89, 595.28], 90), recipient, C5);
    expect(upright).toMatchObject({ ok: false, reason: 'address_missing' });
  });

  it('answers unreadable for bytes that are not a PDF', async () => {
    expect(await checkAddressWindow(engine, new TextEncoder().encode('not a pdf'), recipient, C5)).toMatchObject({
      ok: false,
      reason: 'unreadable',
    });
  });
});

describe('addAddressCoverPage', () => {
  it('puts a cover page in front on which the check passes, keeping every page of the letter', async () => {
    const original = await letter([address(20, 120), body]);
    const withCover = await addAddressCoverPage(engine, original, recipient, C5);
    expect(await checkAddressWindow(engine, withCover, recipient, C5)).toEqual({ ok: true });
    expect((await PDFDocument.load(withCover)).getPageCount()).toBe(3);
    expect(await checkAddressWindow(engine, withCover, recipient, POSTNORD_WINDOWS.C4)).toEqual({ ok: true });
  });

  it('adds a blank back page for duplex and prints a foreign country last', async () => {
    const abroad = { name: 'Kari Nordmann', lines: ['Storgata 1'], postalCode: '0155', city: 'Oslo', country: 'NO' };
    const withCover = await addAddressCoverPage(engine, await letter([body]), abroad, C5, { duplex: true });
    expect((await PDFDocument.load(withCover)).getPageCount()).toBe(4);
    expect(await checkAddressWindow(engine, withCover, { ...abroad }, C5)).toEqual({ ok: true });
  });

  it('refuses an address line too long for the window', async () => {
    await expect(addAddressCoverPage(engine, await letter([body]), { ...recipient, lines: ['x'.repeat(100)] }, C5)).rejects.toThrow(
      RangeError,
    );
  });
});

describe('preflightPrintLetter', () => {
  it('adds a cover page or refuses, as configured; never covers a page that is not A4', async () => {
    const misplaced = await letter([address(20, 120), body]);
    const covered = await preflightPrintLetter(engine, misplaced, recipient, C5, { onFail: 'cover-page' });
    expect(covered).toMatchObject({ ok: true, coverPageAdded: true });
    expect(await preflightPrintLetter(engine, misplaced, recipient, C5, { onFail: 'refuse' })).toMatchObject({
      ok: false,
      reason: 'address_missing',
    });
    const fine = await letter([address(), body]);
    expect(await preflightPrintLetter(engine, fine, recipient, C5, { onFail: 'refuse' })).toEqual({
      ok: true,
      pdf: fine,
      coverPageAdded: false,
    });
    const letterSize = await letter([address()], [612, 792]);
    expect(await preflightPrintLetter(engine, letterSize, recipient, C5, { onFail: 'cover-page' })).toMatchObject({
      ok: false,
      reason: 'not_a4',
    });
  });

  it('prints a name outside the standard fonts on the cover page as written, and finds it in the window', async () => {
    const polish = { name: 'Łukasz Wójcik', lines: ['ul. Żółta 5'], postalCode: '8000', city: 'Aarhus C' };
    const r = await preflightPrintLetter(engine, await letter([body]), polish, C5, { onFail: 'cover-page' });
    expect(r).toMatchObject({ ok: true, coverPageAdded: true });
  });
});
