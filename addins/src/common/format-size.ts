/**
 * @module
 * File sizes as people read them, in the page's language: "340 kB", "1,2 MB" in Danish, "1.2 MB"
 * in English. The one formatter of the panes and /send.
 */
import { currentLanguage, type Language } from './messages.ts';

const KB = 1024;
const MB = 1024 * 1024;

/**
 * `bytes` as kB or MB with the page's decimal sign (1 decimal under 10 MB, none above).
 * @example formatSize(1_250_000, 'da') // "1,2 MB"
 */
export function formatSize(bytes: number, lang: Language = currentLanguage()): string {
  const locale = lang === 'en' ? 'en-GB' : 'da-DK';
  if (bytes < MB) {
    const kb = Math.max(1, Math.round(bytes / KB));
    return `${new Intl.NumberFormat(locale).format(kb)} kB`;
  }
  const mb = bytes / MB;
  const digits = mb < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(mb)} MB`;
}
