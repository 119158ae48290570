/**
 * @module
 * The API writes some texts (a letter's reason, some error messages) as "Dansk / English". The
 * console shows one language at a time, so it picks the half in the user's language.
 */
import type { Language } from '../common/messages.ts';

/**
 * The part of a "Dansk / English" text in `lang`; a text without exactly one " / " is returned whole.
 * @example inLanguage('Ikke tilmeldt / not registered', 'en') // 'not registered'
 */
export function inLanguage(text: string, lang: Language): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return (lang === 'en' ? parts[1] : parts[0])!.trim();
}
