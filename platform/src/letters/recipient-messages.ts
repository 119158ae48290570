/**
 * @module
 * Texts of the recipient look-ups (`/v1/recipients/…`): Danish by default, English by a switch.
 * They name the field and what to do, never a CPR number.
 */
import type { RequestLang } from '../http/request-lang.ts';

const da = {
  badCvr: 'cvr skal være et CVR-nummer: 8 cifre, der opfylder modulus 11',
  companyNotFound: 'CVR-registret kender ingen virksomhed med dette CVR-nummer; ret nummeret',
  noRegister:
    'Der er intet register sat op, som kan slå produktionsenheder op; tilføj et under "plugins" (fx @brevdue/plugin-sandbox/register)',
  registerUnavailable: (detail: string) => `Registret svarer ikke lige nu (${detail}); prøv igen om lidt`,
  registerFailed: (detail: string) => `Opslaget i registret fejlede (${detail})`,
};

const en: typeof da = {
  badCvr: 'cvr must be a CVR number: 8 digits satisfying modulus 11',
  companyNotFound: 'the CVR register knows no company with this CVR number; correct the number',
  noRegister: 'no register that looks up production units is configured; add one to "plugins" (e.g. @brevdue/plugin-sandbox/register)',
  registerUnavailable: (detail) => `the register does not answer right now (${detail}); try again shortly`,
  registerFailed: (detail) => `the register look-up failed (${detail})`,
};

/** The recipient look-ups' texts in one language (default Danish). */
export function recipientMessages(lang: RequestLang = 'da'): typeof da {
  return lang === 'en' ? en : da;
}
