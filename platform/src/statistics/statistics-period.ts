/**
 * @module
 * The period of a statistics request: whole calendar days in Danish time, the last 30 days by
 * default, never longer than {@link STATISTICS_MAX_DAYS}. A bad period is the API's 400 naming
 * the field, with a message that says what to choose instead.
 */
import { STATISTICS_DEFAULT_DAYS, STATISTICS_MAX_DAYS, addDays, danishDay, daysBetween } from '@brevdue/shared/api';
import { badRequest } from '../http/api-error.ts';
import { statisticsMessages } from './messages.ts';

/** First and last day of a period, inclusive, as `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

const M = statisticsMessages();

/** Every day of the period in order. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The period a request asks for: `to` defaults to today (Danish time), `from` to 29 days before
 * `to`. The dates' form has been checked by the query schema.
 * @throws ApiError 400 (`from`) when the period begins after it ends or is too long
 * @example resolvePeriod({}, new Date('2026-12-05T12:00:00Z')) // { from: '2026-11-06', to: '2026-12-05' }
 */
export function resolvePeriod(q: { from?: string; to?: string }, now: Date = new Date()): Period {
  const to = q.to ?? danishDay(now);
  const from = q.from ?? addDays(to, -(STATISTICS_DEFAULT_DAYS - 1));
  if (from > to) badRequest('from', `from: ${M.fromAfterTo(from, to)}`);
  const days = daysBetween(from, to);
  if (days > STATISTICS_MAX_DAYS) badRequest('from', `from: ${M.tooLong(days, STATISTICS_MAX_DAYS)}`);
  return { from, to };
}
