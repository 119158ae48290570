/**
 * @module
 * A CPR number's birth date and the person's age, for decisions such as "is this recipient a
 * minor, so the custody holders get a copy". The century comes from the 7th digit by the CPR
 * office's table (CPR-kontoret, "Personnummeret i CPR-systemet"):
 *
 * | 7th digit | year 00–36 | 37–57 | 58–99 |
 * | --- | --- | --- | --- |
 * | 0–3 | 19xx | 19xx | 19xx |
 * | 4, 9 | 20xx | 19xx | 19xx |
 * | 5–8 | 20xx | 20xx | 18xx |
 */

/** A calendar date without a time zone. */
export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** Ages are counted on the Danish calendar: a birthday starts at midnight in Copenhagen, not in UTC. */
const DANISH_TIME_ZONE = 'Europe/Copenhagen';

/** The age of majority in Denmark (myndighedsalder). */
export const AGE_OF_MAJORITY = 18;

/** Full year from the two year digits and the 7th digit, by the CPR office's table. */
function cprFullYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/**
 * The birth date a CPR number encodes, or `undefined` when the input is not ten digits (a dash
 * and spaces are allowed) or its date part is not a real date.
 * @example cprDateOfBirth('010190-4321') // { year: 1990, month: 1, day: 1 }
 * @example cprDateOfBirth('2902104123') // undefined: 2010 had no 29 February
 */
export function cprDateOfBirth(cpr: string): CalendarDate | undefined {
  const n = cpr.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(n)) return undefined;
  const day = Number(n.slice(0, 2));
  const month = Number(n.slice(2, 4));
  const year = cprFullYear(Number(n.slice(4, 6)), Number(n[6]));
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 April over to 1 May; a date that rolled over is not a real one.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** The calendar date of an instant in Denmark. */
export function danishCalendarDate(at: Date): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: DANISH_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(at);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/**
 * Whole years between a birth date and a day. Someone born on 29 February has their birthday on
 * 1 March in common years (they have not turned N until 28 February is over), so a child is
 * never treated as an adult a day early.
 */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  let age = on.year - birth.year;
  const leapBirthday = birth.month === 2 && birth.day === 29;
  const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const birthdayMonth = leapBirthday && !isLeap(on.year) ? 3 : birth.month;
  const birthdayDay = leapBirthday && !isLeap(on.year) ? 1 : birth.day;
  if (on.month < birthdayMonth || (on.month === birthdayMonth && on.day < birthdayDay)) age -= 1;
  return age;
}

/**
 * The age in whole years of the person a CPR number belongs to, on the Danish calendar date of
 * `at` (default: now); `undefined` for an input that is not a CPR number with a real date.
 * @example cprAge('0101104123', new Date('2026-12-05T12:00:00Z')) // 16
 */
export function cprAge(cpr: string, at: Date = new Date()): number | undefined {
  const birth = cprDateOfBirth(cpr);
  return birth ? ageOn(birth, danishCalendarDate(at)) : undefined;
}

/**
 * Whether the person is under 18 on the Danish calendar date of `at` (default: now). A number
 * that is not a valid CPR answers `false`: no one can be looked up for it.
 * @example isMinorCpr('0101104123', new Date('2026-12-05T12:00:00Z')) // true
 */
export function isMinorCpr(cpr: string, at: Date = new Date()): boolean {
  const age = cprAge(cpr, at);
  return age !== undefined && age >= 0 && age < AGE_OF_MAJORITY;
}
