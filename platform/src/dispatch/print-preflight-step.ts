/**
 * @module
 * The window check of a printed letter, as dispatch runs it just before the print provider gets
 * the letter: only where the provider asks for it (`Provider.printPreflight`) and the platform
 * knows the postal address (a remote that looks the address up itself prints its own cover).
 * A letter that fails gets an address cover page, or is failed with a reason a person can act on.
 */
import { printWindowOf, type OutgoingLetter, type Provider } from '@brevdue/shared/sdk';
import type { BlobStore } from '../blob/blob-store.ts';
import type { PdfEngine } from '../pdf-engine/index.ts';
import { preflightPrintLetter } from '../print-preflight/preflight-print-letter.ts';

export type PrintPreflightStep =
  { ok: true; letter: OutgoingLetter; coverPageAdded: boolean } | { ok: false; reason: string; message: string };

/**
 * @param pages the letter's pages as printed (main document and PDF attachments), when known: a
 *   provider with envelopes by thickness (`windowFor`) checks against the window of the one it fills
 */
export async function preflightForPrint(
  engine: Pick<PdfEngine, 'layout' | 'prepend'>,
  provider: Provider,
  letter: OutgoingLetter,
  blobs: BlobStore,
  pages?: number,
): Promise<PrintPreflightStep> {
  const check = provider.printPreflight;
  const address = letter.recipient.address;
  const main = letter.mainDocument;
  if (letter.channel !== 'print' || !check || !address || !main || main.mediaType !== 'application/pdf') {
    return { ok: true, letter, coverPageAdded: false };
  }
  const pdf = await main.read();
  let r;
  try {
    const window = printWindowOf(check, pages, letter.options.print?.duplex);
    r = await preflightPrintLetter(engine, new Uint8Array(pdf), address, window, {
      onFail: check.onFail,
      duplex: letter.options.print?.duplex,
    });
  } catch (e) {
    // An address line too long for the window even at the smallest size.
    if (e instanceof RangeError) return { ok: false, reason: 'address_too_long', message: e.message };
    throw e;
  }
  if (!r.ok) return r;
  if (!r.coverPageAdded) return { ok: true, letter, coverPageAdded: false };
  // The letter as printed is kept like every other blob: its checksum is what the vendor gets.
  const body = Buffer.from(r.pdf);
  const stored = await blobs.putBuffer(body);
  return {
    ok: true,
    coverPageAdded: true,
    letter: {
      ...letter,
      mainDocument: {
        ...main,
        bytes: body.byteLength,
        sha256: stored.sha256,
        read: async () => body,
        stream: () => blobs.stream(stored.sha256),
      },
    },
  };
}
