/**
 * @module
 * The address-window preflight: before a letter goes to any print provider, page 1 must carry
 * the recipient's address in the envelope window and nothing else there, on A4 pages. Reads
 * the text and its positions with pdf.js; a pure function of the bytes, the recipient and the
 * window, so preview and dispatch give the same answer.
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { openPdf, PdfUnreadableError } from '../documents/pdf-reader.ts';
import { bufferSource } from '../documents/pdf-source.ts';
import { A4_POINTS, MM_PER_POINT, type AddressWindow } from './address-window.ts';
import { PREFLIGHT_MESSAGES, type PreflightLanguage } from './preflight-messages.ts';

/** What the check needs of the recipient; `lines`, when given, also lets street lines through. */
export interface WindowRecipient {
  name: string;
  postalCode: string;
  city?: string;
  lines?: readonly string[];
  country?: string;
}

/** Why a letter fails the preflight. */
export type PreflightReason = 'not_a4' | 'address_missing' | 'window_not_clear' | 'unreadable';

/** The preflight's answer; `message` is for the person who sent the letter. */
export type PreflightResult = { ok: true } | { ok: false; reason: PreflightReason; message: string };

/** A line of text on page 1, in millimetres from the page's top-left corner. */
interface TextLine {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

// Writers round A4 differently (595 × 842, 595.28 × 841.89, 595.3 × 841.9); 2 pt is under 1 mm.
const A4_TOLERANCE_PT = 2;
// Glyph boxes from pdf.js include the font's leading; a box may reach this far past the window
// edge and still be printed inside it.
const EDGE_TOLERANCE_MM = 1;

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('da');

/** Whether a page of `w` × `h` points is A4 in either orientation. */
function isA4(w: number, h: number): 'portrait' | 'landscape' | undefined {
  const near = (a: number, b: number) => Math.abs(a - b) <= A4_TOLERANCE_PT;
  if (near(w, A4_POINTS.width) && near(h, A4_POINTS.height)) return 'portrait';
  if (near(h, A4_POINTS.width) && near(w, A4_POINTS.height)) return 'landscape';
  return undefined;
}

/** Page 1's text as lines with boxes in mm (rotation and crop offsets applied by the viewport). */
async function linesOf(page: PDFPageProxy): Promise<TextLine[]> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items: TextLine[] = [];
  for (const it of content.items) {
    if (!('str' in it) || it.str.trim() === '') continue;
    const [, , , d, e, f] = it.transform as number[];
    const h = it.height || Math.abs(d ?? 0);
    // Baseline-left and top-right of the glyph run, in viewport points (y grows downwards).
    const [x0, y0] = viewport.convertToViewportPoint(e ?? 0, (f ?? 0) - h * 0.2);
    const [x1, y1] = viewport.convertToViewportPoint((e ?? 0) + it.width, (f ?? 0) + h * 0.8);
    items.push({
      text: it.str,
      left: Math.min(x0!, x1!) * MM_PER_POINT,
      right: Math.max(x0!, x1!) * MM_PER_POINT,
      top: Math.min(y0!, y1!) * MM_PER_POINT,
      bottom: Math.max(y0!, y1!) * MM_PER_POINT,
    });
  }
  // Runs on the same baseline (within 1 mm) form one line, read left to right.
  items.sort((a, b) => a.bottom - b.bottom || a.left - b.left);
  const lines: TextLine[] = [];
  for (const it of items) {
    const last = lines.at(-1);
    if (last && Math.abs(last.bottom - it.bottom) < 1) {
      last.text += (it.left - last.right > 0.8 ? ' ' : '') + it.text;
      last.left = Math.min(last.left, it.left);
      last.right = Math.max(last.right, it.right);
      last.top = Math.min(last.top, it.top);
    } else lines.push({ ...it });
  }
  return lines;
}

const overlaps = (l: TextLine, w: AddressWindow) => l.right > w.x && l.left < w.x + w.width && l.bottom > w.y && l.top < w.y + w.height;
const inside = (l: TextLine, w: AddressWindow) =>
  l.left >= w.x - EDGE_TOLERANCE_MM &&
  l.right <= w.x + w.width + EDGE_TOLERANCE_MM &&
  l.top >= w.y - EDGE_TOLERANCE_MM &&
  l.bottom <= w.y + w.height + EDGE_TOLERANCE_MM;

/**
 * Checks page 1 of a letter for window-envelope print: every page A4, page 1 portrait, the
 * recipient's name and postal code inside the window, and no other text there (a line above
 * the name, below the postal code and city — other than the country of a foreign address —
 * or crossing the window's edge fails). Street lines between name and postal code are let
 * through; given `recipient.lines`, only those are.
 * @param pdf the letter's main document
 * @param window the envelope window (e.g. `POSTNORD_WINDOWS.C5` or the vendor profile's)
 * @example
 * const r = await checkAddressWindow(pdf, { name: 'Jens Hansen', postalCode: '8000' }, POSTNORD_WINDOWS.C5);
 * if (!r.ok) fail(r.message); // r.reason: 'not_a4' | 'address_missing' | 'window_not_clear' | 'unreadable'
 */
export async function checkAddressWindow(
  pdf: Uint8Array,
  recipient: WindowRecipient,
  window: AddressWindow,
  options: { lang?: PreflightLanguage } = {},
): Promise<PreflightResult> {
  const t = PREFLIGHT_MESSAGES[options.lang ?? 'da'];
  const fail = (reason: PreflightReason, message: string): PreflightResult => ({ ok: false, reason, message });
  let doc;
  try {
    doc = await openPdf(bufferSource(pdf));
  } catch (e) {
    if (e instanceof PdfUnreadableError) return fail('unreadable', t.unreadable);
    throw e;
  }
  try {
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const w = Math.abs(x1 - x0);
      const h = Math.abs(y1 - y0);
      const a4 = isA4(w, h);
      if (!a4) return fail('not_a4', t.notA4(i, w * MM_PER_POINT, h * MM_PER_POINT));
      const rotated = (page.rotate / 90) % 2 === 1;
      if (i === 1 && (a4 === 'landscape') !== rotated) return fail('not_a4', t.firstPageLandscape);
    }
    const lines = await linesOf(await doc.getPage(1));
    return judge(lines, recipient, window, t);
  } finally {
    await doc.destroy();
  }
}

type Texts = (typeof PREFLIGHT_MESSAGES)[PreflightLanguage];

/** The decision on page 1's lines. */
function judge(lines: TextLine[], r: WindowRecipient, w: AddressWindow, t: Texts): PreflightResult {
  const name = norm(r.name);
  const postal = norm(r.postalCode);
  const inWindow = lines.filter((l) => overlaps(l, w));
  const nameIdx = inWindow.findIndex((l) => norm(l.text).includes(name));
  const postIdx = inWindow.findLastIndex((l) => new RegExp(`(^|[^0-9a-z])${escape(postal)}($|[^0-9a-z])`).test(norm(l.text)));
  if (nameIdx < 0 || postIdx < 0 || postIdx < nameIdx) {
    const label = nameIdx < 0 && postIdx < 0 ? t.bothLabel : nameIdx < 0 ? t.nameLabel : postIdx < 0 ? t.postalCodeLabel : t.bothLabel;
    const elsewhere = lines.find((l) => !overlaps(l, w) && norm(l.text).includes(nameIdx < 0 ? name : postal));
    const message = elsewhere
      ? t.addressElsewhere(label, elsewhere.top)
      : t.addressMissing(label, t.windowArea(w.x, w.y, w.width, w.height));
    return { ok: false, reason: 'address_missing', message };
  }
  const cut = inWindow.find((l) => !inside(l, w));
  if (cut) return { ok: false, reason: 'window_not_clear', message: t.cutText(cut.text.slice(0, 60)) };
  const allowedStreet = r.lines?.map(norm);
  const foreignCountry = r.country && r.country !== 'DK' ? norm(r.country) : undefined;
  for (const [i, l] of inWindow.entries()) {
    const text = norm(l.text);
    const extra =
      i < nameIdx ||
      (i > postIdx && !(i === postIdx + 1 && foreignCountry !== undefined && isCountryLine(text, foreignCountry))) ||
      (i > nameIdx && i < postIdx && allowedStreet !== undefined && !allowedStreet.some((s) => text.includes(s)));
    if (extra) return { ok: false, reason: 'window_not_clear', message: t.extraText(l.text.slice(0, 60)) };
  }
  return { ok: true };
}

// A foreign address ends with the country: its ISO code or its name (any language), one short line.
function isCountryLine(text: string, iso: string): boolean {
  return text === iso || /^[\p{L} .-]{2,40}$/u.test(text);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
