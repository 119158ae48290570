/**
 * @module
 * The address cover page: when page 1 does not carry the address in the envelope window, an
 * A4 page with only the recipient's address, set in the window, goes in front of the letter.
 * The cover is made here from nothing but the address (pdf-lib); the letter itself is an
 * uploaded, untrusted document, so the PDF engine puts the two together on its worker thread.
 */
import { PDFDocument } from 'pdf-lib';
import type { PdfEngine } from '../pdf-engine/index.ts';
import { embedTextFonts } from '../pdf-fonts/pdf-fonts.ts';
import { A4_POINTS, MM_PER_POINT, type AddressWindow } from './address-window.ts';
import { PREFLIGHT_MESSAGES, type PreflightLanguage } from './preflight-messages.ts';

/** The address printed on the cover page (the SDK's `PostalAddress` fits). */
export interface CoverAddress {
  name: string;
  lines: readonly string[];
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2; a country other than DK is printed as the last line. */
  country?: string;
}

// The window's inner margin: PostNord asks for a clear zone around the address so a letter that
// slides a little in the envelope still shows all of it.
const PADDING_MM = 4;
const MAX_FONT = 11;
const MIN_FONT = 8;

/**
 * Puts an A4 page in front of the letter with the recipient's address in the window (and a
 * short note outside it that the letter follows). With `duplex`, a blank page follows the cover
 * so the letter still starts on the front of a sheet.
 * @example
 * const withCover = await addAddressCoverPage(rt.pdf, pdf, recipient.address, POSTNORD_WINDOWS.C5, { duplex: true });
 * @throws RangeError when an address line is too long for the window even at 8 pt.
 */
export async function addAddressCoverPage(
  engine: Pick<PdfEngine, 'prepend'>,
  pdf: Uint8Array,
  address: CoverAddress,
  window: AddressWindow,
  options: { duplex?: boolean; lang?: PreflightLanguage } = {},
): Promise<Uint8Array> {
  return engine.prepend({ bytes: pdf }, await addressCoverPage(address, window, options));
}

/** The cover page alone (and its blank back for duplex). */
async function addressCoverPage(
  address: CoverAddress,
  window: AddressWindow,
  options: { duplex?: boolean; lang?: PreflightLanguage },
): Promise<Uint8Array> {
  const t = PREFLIGHT_MESSAGES[options.lang ?? 'da'];
  const doc = await PDFDocument.create();
  const lines = [address.name, ...address.lines, `${address.postalCode} ${address.city}`];
  if (address.country && address.country !== 'DK') lines.push(address.country);
  const fonts = await embedTextFonts(doc, lines);
  const font = fonts.regular;
  const text = lines.map(fonts.clean);

  const pt = (mm: number) => mm / MM_PER_POINT;
  const maxWidth = pt(window.width - 2 * PADDING_MM);
  const maxHeight = pt(window.height - 2 * PADDING_MM);
  // The largest size from 11 pt down to 8 pt at which every line fits the window's width and
  // all lines its height (line height 1.2 × size).
  let size = MAX_FONT;
  const fits = (s: number) => text.every((l) => font.widthOfTextAtSize(l, s) <= maxWidth) && text.length * s * 1.2 <= maxHeight;
  while (size > MIN_FONT && !fits(size)) size -= 0.5;
  if (!fits(size)) {
    const long = text.find((l) => font.widthOfTextAtSize(l, MIN_FONT) > maxWidth) ?? text.join(', ');
    throw new RangeError(t.addressTooLong(long));
  }

  const cover = doc.addPage([A4_POINTS.width, A4_POINTS.height]);
  const left = pt(window.x + PADDING_MM);
  const top = A4_POINTS.height - pt(window.y + PADDING_MM);
  text.forEach((line, i) => cover.drawText(line, { x: left, y: top - size * (1.2 * i + 1), size, font }));
  // Below the window, so it never shows through it.
  cover.drawText(fonts.clean(t.coverNote), { x: left, y: A4_POINTS.height - pt(window.y + window.height + 15), size: 9, font });
  if (options.duplex) doc.addPage([A4_POINTS.width, A4_POINTS.height]);
  return doc.save();
}
