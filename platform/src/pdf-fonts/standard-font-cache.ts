/**
 * @module
 * pdf-lib encodes and measures a standard font's text by looking up every character's glyph,
 * width and kerning pair afresh each time, and receipts draw labels, names, checksums and times
 * for every letter of a mass mailing. A standard font's encoding and widths depend on its name
 * alone, so each character's code and width and each pair's kerning are asked of pdf-lib once per
 * font name and kept; a text's answer is then a sum over its characters, equal to pdf-lib's.
 * Embedded (subset) fonts are left alone: their glyph codes belong to their document.
 */
import { PDFHexString, type PDFFont } from 'pdf-lib';

interface Measures {
  /** Hex code of each character (by UTF-16 code unit) drawn so far. */
  hex: Map<number, string>;
  /** Width (1/1000 em) of each character met so far. */
  widths: Map<number, number>;
  /** Kerning (1/1000 em) of each pair of characters met so far, keyed left × 65536 + right. */
  kerning: Map<number, number>;
  /** Whole texts, for the labels and names that repeat; bounded. */
  encoded: Map<string, PDFHexString>;
}

/** Texts kept per font; past this the text cache starts afresh (the per-character tables stay). */
const MAX_TEXTS = 20_000;
const measures = new Map<string, Measures>();
/** UTF-16 surrogates: characters outside the standard fonts' encodings, left to pdf-lib. */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Makes `font` (one of pdf-lib's standard fonts) answer `encodeText` and `widthOfTextAtSize` from
 * the shared tables of its font name.
 * @example const mono = withSharedMeasures(await doc.embedFont(StandardFonts.Courier));
 */
export function withSharedMeasures(font: PDFFont): PDFFont {
  let m = measures.get(font.name);
  if (!m) measures.set(font.name, (m = { hex: new Map(), widths: new Map(), kerning: new Map(), encoded: new Map() }));
  const { hex, widths, kerning, encoded } = m;
  const encode = font.encodeText.bind(font);
  const measure = font.widthOfTextAtSize.bind(font);
  const width = (c: number) => {
    let w = widths.get(c);
    if (w === undefined) widths.set(c, (w = measure(String.fromCharCode(c), 1000)));
    return w;
  };
  const kern = (a: number, b: number) => {
    const pair = a * 65536 + b;
    let k = kerning.get(pair);
    if (k === undefined) kerning.set(pair, (k = measure(String.fromCharCode(a, b), 1000) - width(a) - width(b)));
    return k;
  };
  font.encodeText = (text) => {
    let h = encoded.get(text);
    if (!h) {
      if (SURROGATE.test(text)) return encode(text);
      let s = '';
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let x = hex.get(c);
        if (x === undefined) hex.set(c, (x = encode(String.fromCharCode(c)).asString()));
        s += x;
      }
      if (encoded.size >= MAX_TEXTS) encoded.clear();
      encoded.set(text, (h = PDFHexString.of(s)));
    }
    return h;
  };
  // pdf-lib sums whole units, kerning included, then scales: so does this, for equal answers.
  font.widthOfTextAtSize = (text, size) => {
    if (SURROGATE.test(text)) return measure(text, size);
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      units += width(c);
      if (i > 0) units += kern(text.charCodeAt(i - 1), c);
    }
    return units * (size / 1000);
  };
  return font;
}
