/**
 * @module
 * The address-window preflight every printed letter passes before it goes to a print provider
 * (and that preview shows): `checkAddressWindow`, and `addAddressCoverPage` for letters whose
 * page 1 does not fit the window.
 */
export { A4_POINTS, POSTNORD_WINDOWS, assertAddressWindow, type AddressWindow } from './address-window.ts';
export { addAddressCoverPage, type CoverAddress } from './add-address-cover-page.ts';
export { checkAddressWindow, type PreflightReason, type PreflightResult, type WindowRecipient } from './check-address-window.ts';
export { preflightPrintLetter, type PreflightAction, type PrintPreflightOutcome } from './preflight-print-letter.ts';
export { PREFLIGHT_MESSAGES, type PreflightLanguage } from './preflight-messages.ts';
