/**
 * @module
 * The envelope window a printed letter's address must show through, in millimetres on an A4
 * page measured from its top-left corner, and the defaults for PostNord's C5 and C4 window
 * envelopes.
 */

/** A rectangle on page 1 of an A4 letter, in millimetres from the page's top-left corner. */
export interface AddressWindow {
  /** Distance from the left edge of the page to the window's left edge. */
  readonly x: number;
  /** Distance from the top edge of the page to the window's top edge. */
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Window positions of the window envelopes letters are put in (left-hand window, A4 folded
 * twice for C5, unfolded for C4). PostNord's own guidance ("Packaging and envelopes – or not",
 * postnord.dk) says how to use a window but gives no measures; these are the Nordic window
 * envelope measures summarised at officeconsult.no ("Brevmaler: plassering av mottakerfelt i
 * vinduskonvolutter"): C5 window 15 mm from the left, 44 mm from the top, 105 × 35 mm; EC4
 * window 15 mm from the left, 42 mm from the top, 100 × 40 mm. A vendor whose envelopes differ
 * states its own window in its profile.
 * @example checkAddressWindow(pdf, recipient, POSTNORD_WINDOWS.C5)
 */
export const POSTNORD_WINDOWS = {
  C5: { x: 15, y: 44, width: 105, height: 35 },
  C4: { x: 15, y: 42, width: 100, height: 40 },
} as const satisfies Record<'C5' | 'C4', AddressWindow>;

/** A4 in PDF points (1/72 inch): 210 × 297 mm. */
export const A4_POINTS = { width: 595.28, height: 841.89 } as const;

/** Millimetres per PDF point. */
export const MM_PER_POINT = 25.4 / 72;

/**
 * Checks that a window lies on an A4 portrait page and has a usable size.
 * @throws RangeError naming the field that is out of range.
 */
export function assertAddressWindow(w: AddressWindow): void {
  const fields: Array<[keyof AddressWindow, number, number]> = [
    ['x', 0, 210],
    ['y', 0, 297],
    ['width', 20, 210],
    ['height', 10, 297],
  ];
  for (const [k, min, max] of fields) {
    if (!Number.isFinite(w[k]) || w[k] < min || w[k] > max)
      throw new RangeError(`window.${k} must be between ${min} and ${max} mm, got ${w[k]}`);
  }
  if (w.x + w.width > 210 || w.y + w.height > 297)
    throw new RangeError('window must lie on an A4 page (210 × 297 mm): x + width ≤ 210, y + height ≤ 297');
}
