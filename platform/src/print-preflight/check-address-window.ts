/**
 * @module
 * The address-window preflight: before a letter goes to any print provider, page 1 must carry
 * the recipient's address in the envelope window and nothing else there, on A4 pages. The PDF
 * engine reads the pages' sizes and page 1's text with its positions on a worker thread, within
 * its limits (the letter is an uploaded document: untrusted); the judgement here is a pure
 * function of that layout, the recipient and the window, so preview and dispatch agree.
 */
import type { PdfEngine, PageLayout, TextRun } from '../pdf-engine/index.ts';
import { PdfUnreadableError } from '../pdf-engine/index.ts';
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

/** The engine's operation the check needs. */
export type LayoutReader = Pick<PdfEngine, 'layout'>;

/** A line of text on page 1, in millimetres from the page's top-left corner. */
type TextLine = TextRun;

// Writers round A4 differently (595 × 842, 595.28 × 841.89, 595.3 × 841.9); 2 pt is under 1 mm.
const A4_TOLERANCE_PT = 2;
// Glyph boxes include the font's ascent and descent; a box may reach this far past the window
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

/** Page 1's runs as lines: runs on the same baseline (within 1 mm) form one, read left to right. */
function linesOf(runs: readonly TextRun[]): TextLine[] {
  const items = runs.filter((r) => r.text.trim() !== '').map((r) => ({ ...r }));
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
 * Checks page 1 of a letter for window-envelope print: every page A4, page 1 portrait as
 * printed, the recipient's name and postal code inside the window, and no other text there (a
 * line above the name, below the postal code and city — other than the country of a foreign
 * address — or crossing the window's edge fails). Street lines between name and postal code
 * are let through; given `recipient.lines`, only those are.
 * @param engine the PDF engine that reads the letter (off the caller's event loop)
 * @param pdf the letter's main document
 * @param window the envelope window (e.g. `POSTNORD_WINDOWS.C5` or the vendor profile's)
 * @example
 * const r = await checkAddressWindow(rt.pdf, pdf, { name: 'Jens Hansen', postalCode: '8000' }, POSTNORD_WINDOWS.C5);
 * if (!r.ok) fail(r.message); // r.reason: 'not_a4' | 'address_missing' | 'window_not_clear' | 'unreadable'
 * @throws PdfLimitError or PdfEngineError from the engine (a document it cannot read is `unreadable`)
 */
export async function checkAddressWindow(
  engine: LayoutReader,
  pdf: Uint8Array,
  recipient: WindowRecipient,
  window: AddressWindow,
  options: { lang?: PreflightLanguage } = {},
): Promise<PreflightResult> {
  const t = PREFLIGHT_MESSAGES[options.lang ?? 'da'];
  let layout: PageLayout;
  try {
    layout = await engine.layout({ bytes: pdf });
  } catch (e) {
    if (e instanceof PdfUnreadableError) return { ok: false, reason: 'unreadable', message: t.unreadable };
    throw e;
  }
  return judgeLayout(layout, recipient, window, t);
}

/** The decision on a layout: page sizes first, then page 1's lines. */
function judgeLayout(layout: PageLayout, recipient: WindowRecipient, window: AddressWindow, t: Texts): PreflightResult {
  for (const [i, { width: w, height: h }] of layout.pages.entries()) {
    const a4 = isA4(w, h);
    if (!a4) return { ok: false, reason: 'not_a4', message: t.notA4(i + 1, w * MM_PER_POINT, h * MM_PER_POINT) };
    if (i === 0 && a4 === 'landscape') return { ok: false, reason: 'not_a4', message: t.firstPageLandscape };
  }
  return judge(linesOf(layout.firstPage), recipient, window, t);
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
