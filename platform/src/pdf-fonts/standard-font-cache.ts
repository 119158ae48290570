/**
 * @module
 * pdf-lib encodes and measures a standard font's text character by character (glyph codes,
 * kerning pairs) every time it is drawn, and receipts draw the same labels, names, subjects and
 * checksums thousands of times in a mass mailing. A standard font's encoding and widths depend on
 * its name alone, so its answers are kept per font name across documents, bounded. Embedded
 * (subset) fonts are left alone: their glyph codes belong to their document.
 */
import type { PDFFont } from 'pdf-lib';

type Encoded = ReturnType<PDFFont['encodeText']>;

/** Strings kept per font; past this the cache starts afresh (a mass mailing's repeats come back at once). */
const MAX_ENTRIES = 20_000;
const caches = new Map<string, { encoded: Map<string, Encoded>; widths: Map<string, number> }>();

function remember<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= MAX_ENTRIES) map.clear();
    v = make();
    map.set(key, v);
  }
  return v;
}

/**
 * Makes `font` (one of pdf-lib's standard fonts) answer `encodeText` and `widthOfTextAtSize` from
 * the shared cache of its font name.
 * @example const mono = withSharedMeasures(await doc.embedFont(StandardFonts.Courier));
 */
export function withSharedMeasures(font: PDFFont): PDFFont {
  let cache = caches.get(font.name);
  if (!cache) caches.set(font.name, (cache = { encoded: new Map(), widths: new Map() }));
  const { encoded, widths } = cache;
  const encode = font.encodeText.bind(font);
  const width = font.widthOfTextAtSize.bind(font);
  font.encodeText = (text) => remember(encoded, text, () => encode(text));
  font.widthOfTextAtSize = (text, size) => remember(widths, `${size}\u0000${text}`, () => width(text, size));
  return font;
}
