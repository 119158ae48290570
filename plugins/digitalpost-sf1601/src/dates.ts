/**
 * @module
 * Date and id helpers for MeMo: UTC date-times ending in `Z`, Copenhagen calendar dates, and
 * version-4-shaped UUIDs derived from a stable seed (so a retry produces the same ids).
 */
import { createHash } from 'node:crypto';

/** MeMo's `memoDateTimeType`: an xs:dateTime that must end in `Z`. Seconds precision. */
export function toMemoDateTime(input: string | Date): string | undefined {
  const ms = input instanceof Date ? input.getTime() : Date.parse(input);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const copenhagen = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Copenhagen of an instant: Danish recipients read dates locally. */
export function copenhagenDate(input: string | Date): string | undefined {
  const ms = input instanceof Date ? input.getTime() : Date.parse(input);
  if (Number.isNaN(ms)) return undefined;
  return copenhagen.format(new Date(ms));
}

/**
 * The end (23:59:59) of a Copenhagen calendar day as a UTC MeMo date-time: a payment due
 * "2026-12-01" is due until midnight Danish time, which is 22:59:59Z in winter, 21:59:59Z in summer.
 */
export function endOfCopenhagenDay(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.parse(`${date}T23:59:59Z`) - offsetHours * 3_600_000);
    if (copenhagenDate(candidate) === date && copenhagenDate(new Date(candidate.getTime() + 1000)) !== date)
      return toMemoDateTime(candidate);
  }
  return undefined;
}

/** MeMo's `memoUuidType` pattern (a version-4 UUID). */
export const UUID_V4 = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[aAbB89][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$/;

/**
 * A UUID with the version-4 layout computed from a seed: the same seed always gives the same id
 * (a reservation of a retried letter keeps its id), different seeds give unrelated ids.
 */
export function stableUuidV4(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
