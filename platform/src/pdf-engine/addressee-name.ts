/**
 * @module
 * The name a letter is addressed to, read from the address block a window letter prints at the
 * top left of its first page (the text PDFium finds in ADDRESS_AREA): the line before the street
 * lines, above the postal code and town. Shown beside the number a split found, so staff see whom
 * each letter is for where no register answers names; never a reason to send or hold a letter.
 */
import { MM_PER_POINT } from './page-layout.ts';
import type { PageRect } from './pdfium-document.ts';

const MM = 1 / MM_PER_POINT;

/**
 * Where address blocks sit on an A4 page, mm from its top-left corner: a little around the
 * C5/C4 window envelopes' windows (15–120 mm across, 42–82 mm down) and DIN 5008's address field.
 */
export const ADDRESS_AREA = { x: 10, y: 35, width: 120, height: 55 } as const;

// "8000 Aarhus C", "DK-2100 København Ø", "0460 Oslo": a postal code line.
const POSTAL_LINE = /^(?:[A-Z]{2}-)?\d{4}\s+\p{L}/u;
// A name has letters and no digits; an addressee line ("Til forældrene til", "Att.:") is not one.
const NAME_LINE = /^[\p{L}][\p{L}\p{M} .,'’\-/&()]*$/u;
const NOT_A_NAME = /^(?:att\b|att\.|til\b|c\/o\b|afsender\b|retur\b|modtager\b|fortroligt\b|digital post\b)/iu;

/**
 * The addressee's name in an address block's text (its lines as read from the page), or undefined
 * when the text holds no block ending in a postal code line, or no line before it is a name.
 * @example addresseeName('Jens Hansen\nTestvej 12\n8000 Aarhus C') // 'Jens Hansen'
 */
export function addresseeName(blockText: string): string | undefined {
  const lines = blockText
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const postal = lines.findIndex((l) => POSTAL_LINE.test(l));
  if (postal < 1) return undefined;
  const name = lines.slice(0, postal).find((l) => NAME_LINE.test(l) && !NOT_A_NAME.test(l) && /\p{L}{2}/u.test(l));
  return name && name.length <= 100 ? name : undefined;
}

/** The address area in page space (points, origin bottom-left) of a page `heightPt` high. */
export function addressAreaOnPage(heightPt: number): PageRect {
  return {
    left: ADDRESS_AREA.x * MM,
    right: (ADDRESS_AREA.x + ADDRESS_AREA.width) * MM,
    top: heightPt - ADDRESS_AREA.y * MM,
    bottom: heightPt - (ADDRESS_AREA.y + ADDRESS_AREA.height) * MM,
  };
}
