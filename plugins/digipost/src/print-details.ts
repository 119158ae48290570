/**
 * @module
 * Print details of a Digipost message: recipient and return address as api_v8.xsd's
 * `print-recipient` (`norwegian-address` for NO, else `foreign-address`), colour and
 * non-deliverable handling.
 */
import type { PostalAddress } from '@brevdue/shared';
import type { XmlTree } from './xml.ts';

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** A postal address as `print-recipient` (name + norwegian-address | foreign-address). */
export function printRecipient(a: PostalAddress): XmlTree {
  const lines = a.lines.map((l) => cut(l, 100));
  if (a.country === 'NO') {
    // norwegian-address has three address lines; a fourth is joined onto the third rather than lost.
    const three = lines.length > 3 ? [lines[0]!, lines[1]!, cut(lines.slice(2).join(', '), 100)] : lines;
    return {
      name: cut(a.name, 130),
      'norwegian-address': {
        addressline1: three[0],
        addressline2: three[1],
        addressline3: three[2],
        'zip-code': cut(a.postalCode, 10),
        city: cut(a.city, 80),
      },
    };
  }
  // foreign-address has no postcode/city fields: they form the last of at most four lines.
  const all = [...lines, `${a.postalCode} ${a.city}`];
  const four = all.length > 4 ? [...all.slice(0, 3), cut(all.slice(3).join(', '), 100)] : all;
  return {
    name: cut(a.name, 130),
    'foreign-address': {
      addressline1: four[0],
      addressline2: four[1],
      addressline3: four[2],
      addressline4: four[3],
      'country-code': a.country,
    },
  };
}

export interface PrintOptions {
  recipient: PostalAddress;
  returnAddress: PostalAddress;
  colour: boolean;
  nondeliverableHandling: 'RETURN_TO_SENDER' | 'SHRED';
}

/** The `print-details` element. */
export function printDetails(o: PrintOptions): XmlTree {
  return {
    recipient: printRecipient(o.recipient),
    'return-address': printRecipient(o.returnAddress),
    color: o.colour ? 'COLORS' : 'MONOCHROME',
    'nondeliverable-handling': o.nondeliverableHandling,
  };
}
