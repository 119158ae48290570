import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { withSharedMeasures } from './standard-font-cache.ts';

describe('withSharedMeasures', () => {
  it("answers a standard font's encoding and widths as pdf-lib does, shared across documents", async () => {
    const plain = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const first = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica));
    const second = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica));
    const texts = [
      'Afsendelseskvittering',
      'Anna Æbelø, CPR 010190-XXXX',
      'AV WA To',
      "L'Ty «€» — Œuvre",
      '2026-12-06 08:22:01 (dansk tid)',
      '',
    ];
    for (const text of texts) {
      expect(first.encodeText(text).toString()).toBe(plain.encodeText(text).toString());
      expect(first.widthOfTextAtSize(text, 9)).toBe(plain.widthOfTextAtSize(text, 9));
      expect(second.encodeText(text)).toBe(first.encodeText(text)); // the same object: computed once
    }
    // Sizes and fonts are told apart; a pair's kerning counts (AV is narrower than A and V).
    expect(first.widthOfTextAtSize('AV', 18)).toBe(plain.widthOfTextAtSize('AV', 18));
    expect(first.widthOfTextAtSize('AV', 18)).toBeLessThan(first.widthOfTextAtSize('A', 18) + first.widthOfTextAtSize('V', 18));
    const bold = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.HelveticaBold));
    expect(bold.widthOfTextAtSize('Modtager', 9)).not.toBe(first.widthOfTextAtSize('Modtager', 9));
    const mono = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.Courier));
    const plainMono = await (await PDFDocument.create()).embedFont(StandardFonts.Courier);
    expect(mono.widthOfTextAtSize('SHA-256 ' + 'ab'.repeat(32), 8)).toBe(plainMono.widthOfTextAtSize('SHA-256 ' + 'ab'.repeat(32), 8));
  });
});
