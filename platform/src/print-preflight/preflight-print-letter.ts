/**
 * @module
 * The preflight as dispatch and preview run it: check the window, and on a failure either add
 * an address cover page or refuse the letter, as the config says.
 */
import type { PdfEngine } from '../pdf-engine/index.ts';
import type { AddressWindow } from './address-window.ts';
import { addAddressCoverPage, type CoverAddress } from './add-address-cover-page.ts';
import { checkAddressWindow, type PreflightReason } from './check-address-window.ts';
import type { PreflightLanguage } from './preflight-messages.ts';

/** What to do with a letter whose page 1 does not fit the window. */
export type PreflightAction = 'cover-page' | 'refuse';

/** The outcome: the PDF to hand to the print provider, or why the letter must not be sent. */
export type PrintPreflightOutcome =
  { ok: true; pdf: Uint8Array; coverPageAdded: boolean } | { ok: false; reason: PreflightReason; message: string };

/**
 * Runs the preflight on a printed letter's main document. `not_a4` and `unreadable` are always
 * refused (a cover page cannot fix them); a missing address or a window that is not clear gets
 * a cover page when `onFail` is `cover-page`, and the result is checked again.
 * @example
 * const duplex = letter.options.print?.duplex;
 * const r = await preflightPrintLetter(rt.pdf, pdf, letter.recipient.address, window, { onFail: 'cover-page', duplex });
 * if (!r.ok) failLetter(r.message); else send(r.pdf);
 * @throws RangeError when an address line is too long for the window (from `addAddressCoverPage`).
 */
export async function preflightPrintLetter(
  engine: Pick<PdfEngine, 'layout' | 'prepend'>,
  pdf: Uint8Array,
  address: CoverAddress,
  window: AddressWindow,
  options: { onFail: PreflightAction; duplex?: boolean; lang?: PreflightLanguage },
): Promise<PrintPreflightOutcome> {
  const recipient = {
    name: address.name,
    postalCode: address.postalCode,
    city: address.city,
    lines: address.lines,
    country: address.country,
  };
  const first = await checkAddressWindow(engine, pdf, recipient, window, { lang: options.lang });
  if (first.ok) return { ok: true, pdf, coverPageAdded: false };
  if (options.onFail === 'refuse' || first.reason === 'not_a4' || first.reason === 'unreadable') return first;
  const withCover = await addAddressCoverPage(engine, pdf, address, window, { duplex: options.duplex, lang: options.lang });
  const again = await checkAddressWindow(engine, withCover, recipient, window, { lang: options.lang });
  return again.ok ? { ok: true, pdf: withCover, coverPageAdded: true } : again;
}
