/**
 * @module
 * The Digipost data type a BETALING action becomes: `inkasso` (debt collection: due date, sum,
 * account, KID) or `invoice` (due date, sum, creditor account, KID), from the data types schema
 * (`http://api.digipost.no/schema/datatypes`).
 */
import type { Action } from '@brevdue/shared';
import { DATATYPES_NS } from './media-types.ts';
import type { XmlTree } from './xml.ts';

type Betaling = Extract<Action, { code: 'BETALING' }>;

/**
 * The due date as the data types want it: a zoned date-time at midnight Oslo time, like the
 * official examples (`2019-12-10T00:00:00+01:00`).
 */
export function osloMidnight(date: string): string {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', timeZoneName: 'longOffset' })
    .formatToParts(noonUtc)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = name && name !== 'GMT' ? name.replace('GMT', '') : '+00:00';
  return `${date}T00:00:00${offset}`;
}

/** Decimal sum with two decimals, as `xs:decimal` (no grouping, dot). */
export function money(amount: number): string {
  return amount.toFixed(2);
}

/**
 * The `<inkasso>` or `<invoice>` element for the primary document's `data-type`.
 * @throws Error (code NO_ACCOUNT) when an invoice is asked for without an account.
 */
export function paymentDataType(action: Betaling, kind: 'inkasso' | 'invoice'): XmlTree {
  const link = action.url ? { url: action.url, description: action.label } : undefined;
  const account = action.account?.replace(/[\s.]/g, '');
  const kid = action.kid?.replace(/\s/g, '');
  if (kind === 'invoice') {
    if (!account) throw Object.assign(new Error('invoice needs an account'), { code: 'NO_ACCOUNT' });
    return {
      invoice: {
        '@_xmlns': DATATYPES_NS,
        link,
        'due-date': osloMidnight(action.dueDate),
        sum: money(action.amount),
        'creditor-account': account,
        kid,
      },
    };
  }
  return {
    inkasso: { '@_xmlns': DATATYPES_NS, link, 'due-date': osloMidnight(action.dueDate), sum: money(action.amount), account, kid },
  };
}
