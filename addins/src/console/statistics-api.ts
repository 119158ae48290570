/**
 * @module
 * The Statistik section's period and its calls of `GET /v1/statistics`: the period a URL or a
 * preset names (the last 30 days when none), checked as the API checks it, and the JSON and
 * CSV addresses of it.
 */
import { STATISTICS_DEFAULT_DAYS, STATISTICS_MAX_DAYS, addDays, danishDay, daysBetween, isDay, type Statistics } from '@brevdue/shared/api';
import type { Language } from '../common/messages.ts';
import type { ConsoleApi } from './console-api.ts';

/** First and last day, inclusive, `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

/** The presets offered beside the date fields, by length in days. */
export const PRESET_DAYS = [7, 30, 365] as const;

/** The `days` days up to and including today (Danish time). */
export function lastDays(days: number, now: Date = new Date()): Period {
  const to = danishDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** What is wrong with a period, as a key of the section's texts (undefined: nothing). */
export function periodProblem(p: Period): 'missingDate' | 'fromAfterTo' | 'tooLong' | undefined {
  if (!isDay(p.from) || !isDay(p.to)) return 'missingDate';
  if (p.from > p.to) return 'fromAfterTo';
  return daysBetween(p.from, p.to) > STATISTICS_MAX_DAYS ? 'tooLong' : undefined;
}

/** The period in the URL (`?from=&to=`) when it is a good one, else the last 30 days. */
export function periodFromUrl(search: string = location.search): Period {
  const q = new URLSearchParams(search);
  const p = { from: q.get('from') ?? '', to: q.get('to') ?? '' };
  return periodProblem(p) ? lastDays(STATISTICS_DEFAULT_DAYS) : p;
}

/** The statistics of a period, counted by the platform for the signed-in user. */
export function loadStatistics(api: ConsoleApi, p: Period): Promise<Statistics> {
  return api.api.json<Statistics>('GET', `/v1/statistics?${new URLSearchParams({ from: p.from, to: p.to }).toString()}`);
}

/** The CSV download of a period, its header in `lang` (the session cookie authenticates it). */
export function statisticsCsvUrl(p: Period, lang: Language): string {
  return `/v1/statistics?${new URLSearchParams({ from: p.from, to: p.to, format: 'csv', lang }).toString()}`;
}
