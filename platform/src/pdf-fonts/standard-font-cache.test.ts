import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { withSharedMeasures } from './standard-font-cache.ts';

describe('withSharedMeasures', () => {
  it("answers a standard font's encoding and widths as pdf-lib does, shared across documents", async () => {
    const plain = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const first = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica));
    const second = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica));
    for (const text of ['Afsendelseskvittering', 'Anna Æbelø, CPR 010190-XXXX', 'AV WA To']) {
      expect(first.encodeText(text).toString()).toBe(plain.encodeText(text).toString());
      expect(first.widthOfTextAtSize(text, 9)).toBe(plain.widthOfTextAtSize(text, 9));
      expect(second.encodeText(text)).toBe(first.encodeText(text)); // the same object: computed once
    }
    // Sizes and fonts are told apart.
    expect(first.widthOfTextAtSize('AV', 18)).toBe(plain.widthOfTextAtSize('AV', 18));
    const bold = withSharedMeasures(await (await PDFDocument.create()).embedFont(StandardFonts.HelveticaBold));
    expect(bold.widthOfTextAtSize('Modtager', 9)).not.toBe(first.widthOfTextAtSize('Modtager', 9));
  });
});
