/**
 * @module
 * Every user-facing text of the statistics API (the 400s of a bad period, the CSV header):
 * Danish by default, English by `lang=en` for the CSV. A text says what failed and the fix.
 */

/** The languages of the statistics texts; Danish is the default. */
export type Locale = 'da' | 'en';

const da = {
  notDate: 'er ikke en dato; giv en dag som ÅÅÅÅ-MM-DD, fx 2026-12-01',
  fromAfterTo: (from: string, to: string) => `perioden begynder (${from}) efter den slutter (${to}); byt om på from og to`,
  tooLong: (days: number, max: number) =>
    `perioden er ${days} dage; der kan højst vises ${max} dage ad gangen: vælg en kortere periode, eller hent flere perioder efter hinanden`,
  csvHeader: ['dato', 'digital post', 'fysisk brev', 'sms', 'fejlede', 'modtaget post'],
  csvFilename: (from: string, to: string) => `statistik-${from}-${to}.csv`,
};

type Texts = typeof da;

const en: Texts = {
  notDate: 'is not a date; give a day as YYYY-MM-DD, e.g. 2026-12-01',
  fromAfterTo: (from, to) => `the period begins (${from}) after it ends (${to}); swap from and to`,
  tooLong: (days, max) =>
    `the period is ${days} days; at most ${max} days can be shown at a time: choose a shorter period, or fetch several periods one after another`,
  csvHeader: ['date', 'digital post', 'print', 'sms', 'failed', 'received post'],
  csvFilename: (from, to) => `statistics-${from}-${to}.csv`,
};

/** The statistics texts in one language (Danish unless `en`). */
export function statisticsMessages(locale: Locale = 'da'): Texts {
  return locale === 'en' ? en : da;
}
