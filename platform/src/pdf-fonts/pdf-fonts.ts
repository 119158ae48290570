/**
 * @module
 * Fonts for the PDFs the platform makes itself (receipts, address cover pages). Text that the
 * standard WinAnsi fonts can draw — Danish and Norwegian included, most letters — uses Helvetica,
 * which costs nothing to embed; a name in Polish, Vietnamese, Greek or Cyrillic gets DejaVu Sans
 * (from the `dejavu-fonts-ttf` package, Bitstream Vera licence), subset to the characters used,
 * so every name prints as written instead of as "?".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { withSharedMeasures } from './standard-font-cache.ts';

const OUTSIDE_WIN_ANSI = /[^\n\x20-\x7e\u00a0-\u00ff€–—‘’“”•…]/;
/** Each such character, for replacing; made once (replace starts a global pattern afresh each call). */
const EVERY_OUTSIDE_WIN_ANSI = new RegExp(OUTSIDE_WIN_ANSI.source, 'g');

/** Whether any of the texts has a character the standard fonts cannot draw. */
export function needsUnicodeFont(texts: readonly (string | null | undefined)[]): boolean {
  return texts.some((t) => t !== null && t !== undefined && OUTSIDE_WIN_ANSI.test(t));
}

let dejavu: { regular: Uint8Array; bold: Uint8Array } | undefined;
function dejavuBytes(): { regular: Uint8Array; bold: Uint8Array } {
  if (!dejavu) {
    const require = createRequire(import.meta.url);
    dejavu = {
      regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
  }
  return dejavu;
}

export interface TextFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** What a text becomes in these fonts: itself, or with what they cannot draw shown as "?". */
  clean(text: string): string;
}

/**
 * The regular and bold fonts for a document whose texts are `texts`.
 * @example const f = await embedTextFonts(doc, [name, subject]); page.drawText(f.clean(name), { font: f.regular });
 */
export async function embedTextFonts(doc: PDFDocument, texts: readonly (string | null | undefined)[]): Promise<TextFonts> {
  if (!needsUnicodeFont(texts)) {
    const [regular, bold] = (await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)])).map(
      withSharedMeasures,
    ) as [PDFFont, PDFFont];
    return { regular, bold, clean: (t) => t.replace(EVERY_OUTSIDE_WIN_ANSI, '?') };
  }
  doc.registerFontkit(fontkit);
  const bytes = dejavuBytes();
  const [regular, bold] = await Promise.all([doc.embedFont(bytes.regular, { subset: true }), doc.embedFont(bytes.bold, { subset: true })]);
  return { regular, bold, clean: (t) => t };
}
