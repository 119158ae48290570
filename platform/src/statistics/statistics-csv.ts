/**
 * @module
 * The statistics as CSV: one row a day (sent by channel, failed, received), the header in the
 * chosen language, RFC 4180 and formula-safe through the audit export's cell writer, with a
 * UTF-8 byte order mark so spreadsheets read æ, ø, å.
 */
import type { Statistics } from '@brevdue/shared/api';
import { csvRow } from '../audit/audit-csv.ts';
import { type Locale, statisticsMessages } from './messages.ts';

/**
 * The CSV text of `stats`.
 * @example statisticsCsv(stats, 'en') // '\uFEFFdate,digital post,print,sms,failed,received post\r\n2026-12-01,3,0,1,1,0\r\n…'
 */
export function statisticsCsv(stats: Statistics, locale: Locale = 'da'): string {
  const rows = stats.days.map((d) => csvRow([d.date, d.sent.digital, d.sent.print, d.sent.sms, d.failed, d.received]));
  return `\uFEFF${csvRow(statisticsMessages(locale).csvHeader)}${rows.join('')}`;
}
