/**
 * @module
 * What the vendor's index says about one letter: recipient address, print options, envelope,
 * pages and sheets, the file and its SHA-256. Built once at `send` and kept in the spool, so a
 * drop after a crash writes the very same record.
 */
import type { OutgoingLetter } from '@brevdue/shared/sdk';
import type { IndexField, VendorProfile } from './vendor-profile.ts';

/** One letter as the index describes it (the vendor's words for options are applied at render time). */
export interface LetterRecord {
  letterId: string;
  messageId: string;
  file: string;
  sha256: string;
  bytes: number;
  recipientName: string;
  addressLines: string[];
  postalCode: string;
  city: string;
  country: string;
  letterClass: 'quick' | 'regular';
  duplex: boolean;
  colour: boolean;
  envelope: 'C5' | 'C4';
  pages: number;
  sheets: number;
  senderName: string;
}

/** The letter's file name from the profile's `letterFile` template. */
export function letterFileName(profile: VendorProfile, messageId: string): string {
  return profile.letterFile.replaceAll('{messageId}', messageId);
}

/**
 * Builds the index record of a letter whose PDF has `pages` pages.
 * @example const rec = letterRecord(profile, letter, { pages: 3, sha256, bytes });
 */
export function letterRecord(
  profile: VendorProfile,
  letter: OutgoingLetter,
  pdf: { pages: number; sha256: string; bytes: number },
): LetterRecord {
  const a = letter.recipient.address!;
  const print = letter.options.print ?? { letterClass: 'regular', colour: false, duplex: false };
  const sheets = print.duplex ? Math.ceil(pdf.pages / 2) : pdf.pages;
  return {
    letterId: letter.letterId,
    messageId: letter.messageId,
    file: letterFileName(profile, letter.messageId),
    sha256: pdf.sha256,
    bytes: pdf.bytes,
    recipientName: a.name,
    addressLines: [...a.lines],
    postalCode: a.postalCode,
    city: a.city,
    country: a.country ?? 'DK',
    letterClass: print.letterClass,
    duplex: print.duplex,
    colour: print.colour,
    envelope: sheets <= profile.c5MaxSheets ? 'C5' : 'C4',
    pages: pdf.pages,
    sheets,
    senderName: letter.sender.name,
  };
}

/** The value of one index field for a record, in the vendor's words. */
export function fieldValue(profile: VendorProfile, r: LetterRecord, field: IndexField, batchId: string): string {
  const v = profile.values;
  switch (field) {
    case 'batchId':
      return batchId;
    case 'addressLine1':
    case 'addressLine2':
    case 'addressLine3':
    case 'addressLine4':
      return r.addressLines[Number(field.slice(-1)) - 1] ?? '';
    case 'letterClass':
      return v.letterClass[r.letterClass];
    case 'duplex':
      return r.duplex ? v.duplex.yes : v.duplex.no;
    case 'colour':
      return r.colour ? v.colour.yes : v.colour.no;
    case 'envelope':
      return v.envelope[r.envelope];
    case 'pages':
    case 'sheets':
      return String(r[field]);
    default:
      return r[field];
  }
}
