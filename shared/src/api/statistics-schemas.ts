/**
 * @module
 * Statistics as `GET /v1/statistics` answers them: letters sent per day and channel, failures
 * by reason code, received post per day and the recipients' registration, over a period of
 * whole days in Danish time. Counts only: no recipient, subject or text of a letter.
 */
import { z } from 'zod';

/** The longest period one request may cover, in days (a leap year). */
export const STATISTICS_MAX_DAYS = 366;

/** The days when no period is given: the last 30 days, today included. */
export const STATISTICS_DEFAULT_DAYS = 30;

/** The time zone the days are counted in. */
export const STATISTICS_TIME_ZONE = 'Europe/Copenhagen';

/** A calendar day as the API takes and gives it: `YYYY-MM-DD`. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAY_MS = 86_400_000;

/** The calendar day of `at` in Danish time, `YYYY-MM-DD`. */
export function danishDay(at: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: STATISTICS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `day` (`YYYY-MM-DD`) moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `s` is a real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isDay(s: string): boolean {
  return ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && addDays(s, 0) === s;
}

/** How many days a period covers, both ends included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** One day of the period. */
export const statisticsDaySchema = z.object({
  date: z.string().meta({ example: '2026-12-01' }),
  /** Letters handed to a provider that day (submitted), by the channel they went by. */
  sent: z.object({ digital: z.number(), print: z.number(), sms: z.number() }),
  failed: z.number(),
  received: z.number(),
});
export type StatisticsDay = z.infer<typeof statisticsDaySchema>;

export const statisticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.literal(STATISTICS_TIME_ZONE),
    /** Every day of the period in order, days without letters as zeros. */
    days: z.array(statisticsDaySchema),
    totals: z.object({
      sent: z.object({ digital: z.number(), print: z.number(), sms: z.number() }),
      failed: z.number(),
      received: z.number(),
    }),
    failures: z.array(z.object({ reason: z.string(), count: z.number() })).meta({
      description:
        "Failed letters by reason code, most first: the provider's code (e.g. `NO_ADDRESS`), `print_*` for the print check, `not_registered` / `exempt` / `no_channel` when no channel could take the letter, `retries_exhausted`, `other`",
    }),
    registrations: z.object({ digital: z.number(), not_registered: z.number(), exempt: z.number(), unknown: z.number() }).meta({
      description: "Letters created in the period by the recipient's registration for digital post (letters that were looked up)",
    }),
  })
  .meta({ id: 'Statistics' });
export type Statistics = z.infer<typeof statisticsSchema>;
