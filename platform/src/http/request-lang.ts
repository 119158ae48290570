/**
 * @module
 * The language of user-facing text a request asks for: Danish unless `Accept-Language` puts
 * English first (the task panes send the Office UI language).
 */

/** Languages of user-facing text; Danish is the default. */
export type RequestLang = 'da' | 'en';

/**
 * The language for an `Accept-Language` header.
 * @example requestLang('en-GB,en;q=0.9,da;q=0.8') // 'en'
 */
export function requestLang(header: string | undefined): RequestLang {
  const first = header?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'da';
}
