import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCprInPdf } from '../../../test/fixtures/pdf/cpr-in-pdf.ts';
import { blankPagesPdf, inflateBombPdf, mergeRunPdf } from '../../../test/fixtures/pdf/raw-pdf.ts';
import { createPdfEngine, PdfLimitError, PdfUnreadableError, type PdfEngine } from './index.ts';

const ADULT = '0101904321'; // 1 January 1990
const MINOR = '1506154123'; // 15 June 2015
const OTHER = '2412851234'; // another adult, the leak guard's stranger
const CVR = '29189846';

const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Draws a CPR digit by digit, each its own text object, as some report writers do. */
function drawDigits(page: PDFPage, font: PDFFont, text: string, x: number, y: number): void {
  for (const ch of text) {
    page.drawText(ch, { x, y, size: 11, font });
    x += font.widthOfTextAtSize(ch, 11);
  }
}

/**
 * A merged PDF: a cover page with no identifier, a 2-page letter to an adult, a 1-page letter to
 * a minor, a 2-page letter to a company. Each page carries a word no other letter has.
 */
async function mergedPdf(digitByDigit: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const letters = [
    { word: 'Forside', id: undefined, pages: 1 },
    { word: 'Anemone', id: `CPR: ${ADULT.slice(0, 6)}-${ADULT.slice(6)}`, pages: 2 },
    { word: 'Bellis', id: `CPR-nr. ${MINOR}`, pages: 1 },
    { word: 'Crocus', id: `CVR ${CVR}`, pages: 2 },
  ];
  for (const l of letters) {
    for (let p = 0; p < l.pages; p++) {
      const page = doc.addPage([595, 842]);
      page.drawText(`${l.word} side ${p + 1}`, { x: 50, y: 800, size: 11, font });
      if (l.id && p === 0) {
        if (digitByDigit && l.id.startsWith('CPR')) {
          const [label, number] = l.id.split(/ (?=\d)/) as [string, string];
          page.drawText(`${label} `, { x: 50, y: 780, size: 11, font });
          drawDigits(page, font, number, 50 + font.widthOfTextAtSize(`${label} `, 11), 780);
        } else page.drawText(l.id, { x: 50, y: 780, size: 11, font });
      }
      page.drawText(`Kære modtager, dette er brevet ${l.word}. Med venlig hilsen Skolen`, { x: 50, y: 740, size: 11, font });
    }
  }
  return doc.save();
}

let engine: PdfEngine;
let dir: string;
beforeAll(() => {
  engine = createPdfEngine({ maxPages: 2000, threads: 2 });
  dir = mkdtempSync(join(tmpdir(), 'pdf-engine-'));
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['text drawn whole', false],
  ['CPR drawn digit by digit', true],
])('a merged PDF of three letters (%s)', (_, digitByDigit) => {
  it('finds each recipient with its pages', async () => {
    const r = await engine.inspect({ bytes: await mergedPdf(digitByDigit) });
    expect(r.pages).toBe(6);
    expect(r.recipients).toEqual([
      { idType: 'CPR', id: ADULT, pages: [2] },
      { idType: 'CPR', id: MINOR, pages: [4] },
      { idType: 'CVR', id: CVR, pages: [5] },
    ]);
  });

  it('splits by identifier into three documents, each holding only its own pages', async () => {
    const r = await engine.split({ bytes: await mergedPdf(digitByDigit) }, { by: 'identifier' });
    expect(r.unassignedPages).toEqual([1]);
    expect(r.letters.map((l) => [l.recipient, l.pages])).toEqual([
      [{ idType: 'CPR', id: ADULT }, [2, 3]],
      [{ idType: 'CPR', id: MINOR }, [4]],
      [{ idType: 'CVR', id: CVR }, [5, 6]],
    ]);
    const words = ['Forside', 'Anemone', 'Bellis', 'Crocus'];
    for (const [i, letter] of r.letters.entries()) {
      const text = (await engine.inspect({ bytes: letter.bytes! }, { text: true })).texts!.join('\n');
      expect(text).toContain(words[i + 1]);
      for (const other of words.filter((w) => w !== words[i + 1])) expect(text).not.toContain(other);
      expect((await PDFDocument.load(letter.bytes!)).getPageCount()).toBe(letter.pages.length);
    }
  });

  it('with redactCpr leaves no CPR digits in any byte, keeps the CVR, and the pages render', async () => {
    const r = await engine.split({ bytes: await mergedPdf(digitByDigit) }, { by: 'identifier', redactCpr: true, outDir: dir });
    expect(r.letters.map((l) => l.redacted)).toEqual([1, 1, 0]);
    for (const letter of r.letters) {
      const bytes = readFileSync(letter.path!);
      expect(await findCprInPdf(bytes, [ADULT, MINOR])).toEqual([]);
      const text = (await engine.inspect({ bytes }, { text: true })).texts!.join('\n');
      expect(text).toMatch(/Kære modtager/);
    }
    expect((await engine.inspect({ path: r.letters[2]!.path! })).recipients).toEqual([{ idType: 'CVR', id: CVR, pages: [1] }]);
    // Rendering needs Poppler (Debian's poppler-utils, which .ci/run installs); without it only this check is left out.
    if (hasPdftoppm) {
      const png = join(dir, 'page');
      execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', r.letters[0]!.path!, png]);
      expect(readdirSync(dir).some((f) => f.startsWith('page') && f.endsWith('.png'))).toBe(true);
    }
  });
});

describe('the addressee of each letter of a split', () => {
  it("reads the name from the address block of each letter's first page, none where there is no block", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const mm = 72 / 25.4;
    const letters = [
      { block: ['Mette Frederiksen Holm', 'Skolevej 1, 2. tv.', '8000 Aarhus C'], id: `CPR: ${ADULT.slice(0, 6)}-${ADULT.slice(6)}` },
      { block: ['Til forældremyndighedens indehaver', 'Ole Østergård', 'Bakken 7', 'DK-2100 København Ø'], id: `CPR ${MINOR}` },
      { block: undefined, id: `CVR ${CVR}` }, // no address block: the number at the top only
    ];
    for (const l of letters) {
      const page = doc.addPage([595.28, 841.89]);
      page.drawText(l.id, { x: 20 * mm, y: 841.89 - 20 * mm, size: 10, font });
      l.block?.forEach((line, i) => page.drawText(line, { x: 20 * mm, y: 841.89 - (50 + 5 * i) * mm, size: 10, font }));
      page.drawText('Kære modtager', { x: 20 * mm, y: 841.89 - 110 * mm, size: 10, font });
    }
    const r = await engine.split({ bytes: await doc.save() }, { by: 'identifier' });
    expect(r.letters.map((l) => [l.recipient?.id, l.addressee])).toEqual([
      [ADULT, 'Mette Frederiksen Holm'],
      [MINOR, 'Ole Østergård'],
      [CVR, undefined],
    ]);
  });
});

describe('splitting by page count and checking for leaks', () => {
  it('cuts every N pages and names the first recipient found in each letter', async () => {
    const r = await engine.split({ bytes: await mergedPdf(false) }, { by: 'pages', pagesPerLetter: 2 });
    expect(r.letters.map((l) => [l.recipient?.id, l.pages])).toEqual([
      [ADULT, [1, 2]],
      [MINOR, [3, 4]],
      [CVR, [5, 6]],
    ]);
    await expect(engine.split({ bytes: await mergedPdf(false) }, { by: 'pages', pagesPerLetter: 0 })).rejects.toThrow(/pagesPerLetter/);
  });

  it('reports the CPR numbers other than the allowed ones', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText(`Til forælder CPR ${ADULT}`, { x: 50, y: 700, font, size: 11 });
    doc.addPage().drawText(`Om barnet ${MINOR.slice(0, 6)} ${MINOR.slice(6)} og ${OTHER.slice(0, 6)}-${OTHER.slice(6)}`, {
      x: 50,
      y: 700,
      font,
      size: 11,
    });
    const bytes = await doc.save();
    expect(await engine.leakCheck({ bytes }, [ADULT, `${MINOR.slice(0, 6)}-${MINOR.slice(6)}`])).toEqual({
      foreign: [{ cpr: OTHER, pages: [2] }],
    });
  });

  it('redacts a whole document to a file', async () => {
    const out = join(dir, 'whole.pdf');
    const r = await engine.redact({ bytes: await mergedPdf(true) }, { outPath: out });
    expect(r).toMatchObject({ path: out, redacted: 2 });
    expect(await findCprInPdf(readFileSync(out), [ADULT, MINOR])).toEqual([]);
  });
});

describe('hostile documents', () => {
  it('refuses 20,000 blank pages at the page limit', async () => {
    const err = await engine.inspect({ bytes: blankPagesPdf(20_000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfLimitError);
    expect(err).toMatchObject({ limit: 'pages', value: 20_000, max: 2000 });
  });

  it('refuses a 100 KB stream that inflates to 100 MB at the inflated limit', async () => {
    const bomb = inflateBombPdf();
    expect(bomb.length).toBeLessThan(200_000);
    const path = join(dir, 'bomb.pdf');
    writeFileSync(path, bomb);
    await expect(engine.inspect({ path })).rejects.toMatchObject({ name: 'PdfLimitError', limit: 'inflated' });
  });

  it('refuses what is not a PDF, or only half of one', async () => {
    const whole = await mergedPdf(false);
    await expect(engine.inspect({ bytes: Buffer.from('hello') })).rejects.toMatchObject({ problem: 'corrupt' });
    await expect(engine.inspect({ bytes: whole.subarray(0, whole.length / 2) })).rejects.toBeInstanceOf(PdfUnreadableError);
  });

  it('stops a document past the time limit while the caller’s event loop keeps running, then serves the next', async () => {
    // 5,000 pages of text take several seconds of PDFium work: well past a 1 s limit.
    const slow = createPdfEngine({ maxPages: 50_000, timeoutMs: 1000, threads: 1 });
    const big = mergeRunPdf(2500);
    const out = join(dir, 'slow');
    mkdirSync(out);
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 20);
      const err = await slow.split({ bytes: big }, { by: 'identifier', outDir: out }).catch((e: unknown) => e);
      clearInterval(timer);
      expect(err).toMatchObject({ name: 'PdfLimitError', limit: 'time', max: 1000 });
      // The operation lasted at least 1 s; a blocked loop would have ticked once at most.
      expect(ticks).toBeGreaterThan(5);
      expect(readdirSync(out)).toEqual([]);
      // The stopped thread was replaced: the engine still works.
      expect((await slow.inspect({ bytes: await mergedPdf(false) })).pages).toBe(6);
    } finally {
      await slow.close();
    }
  });
});

describe('options', () => {
  it('refuses a bad limit, naming it', () => {
    expect(() => createPdfEngine({ maxPages: 0 })).toThrow(/"maxPages"/);
    expect(() => createPdfEngine({ threads: 1.5 })).toThrow(/"threads"/);
  });
});
