/**
 * @module
 * Many texts of the platform are still written "Dansk / English" (error messages, a letter's
 * reason). People see one language at a time: this picks the half in theirs. A text without
 * exactly one " / " is not such a pair and is returned whole.
 */

/**
 * @example inLanguage('Ikke tilmeldt / not registered', 'en') // 'not registered'
 */
export function inLanguage(text: string, lang: 'da' | 'en'): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return (lang === 'en' ? parts[1] : parts[0])!.trim();
}
