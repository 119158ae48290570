/**
 * @module
 * User-facing text of sign-in and token checks: Danish by default, English by a switch. One
 * language at a time; every string of the identity module lives here.
 */

/** The languages the sign-in pages speak; Danish is the default. */
export type Locale = 'da' | 'en';

/** Picks the locale from a `lang` value (query or form field); anything but `en` is Danish. */
export function localeOf(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'da';
}

const da = {
  loginTitle: 'Log ind på Brevdue',
  loginIntro: 'Sandkassens testlogin. I drift logger du ind med din organisations Microsoft-konto.',
  username: 'Brugernavn (e-mail)',
  password: 'Adgangskode',
  signIn: 'Log ind',
  switchLanguage: 'English',
  wrongCredentials: 'Forkert brugernavn eller adgangskode.',
  disabledUser: 'Brugeren er spærret.',
  logoutTitle: 'Log ud af Brevdue?',
  logoutYes: 'Ja, log mig ud',
  logoutNo: 'Nej, forbliv logget ind',
  loggedOut: 'Du er logget ud.',
  sessionNotFound: 'Loginforsøget er udløbet eller findes ikke. Start forfra fra Brevdue.',
} as const;

const en: Record<keyof typeof da, string> = {
  loginTitle: 'Sign in to Brevdue',
  loginIntro: "The sandbox's test sign-in. In production you sign in with your organisation's Microsoft account.",
  username: 'User name (e-mail)',
  password: 'Password',
  signIn: 'Sign in',
  switchLanguage: 'Dansk',
  wrongCredentials: 'Wrong user name or password.',
  disabledUser: 'The user is disabled.',
  logoutTitle: 'Sign out of Brevdue?',
  logoutYes: 'Yes, sign me out',
  logoutNo: 'No, stay signed in',
  loggedOut: 'You are signed out.',
  sessionNotFound: 'The sign-in attempt has expired or does not exist. Start again from Brevdue.',
};

/** Texts of the sandbox IdP's pages per locale. */
export const PAGE_TEXT: Record<Locale, Record<keyof typeof da, string>> = { da, en };

/**
 * Messages of `IdentityError`s per locale, by code. They say what failed and what to do, and
 * never contain the token itself.
 */
export const ERROR_TEXT: Record<Locale, Record<IdentityErrorCode, string>> = {
  da: {
    token_malformed: 'Adgangstokenet er ikke et gyldigt JWT. Send "Authorization: Bearer <token>" med et token fra login.',
    token_expired: 'Adgangstokenet er udløbet. Log ind igen eller hent et nyt token.',
    token_not_yet_valid: 'Adgangstokenet er ikke gyldigt endnu. Kontrollér uret på maskinen.',
    bad_signature: 'Adgangstokenets signatur kan ikke verificeres med udstederens nøgler.',
    unknown_issuer: 'Adgangstokenet er udstedt af en ukendt udsteder. Brug et token fra den konfigurerede identity.issuer.',
    wrong_audience: 'Adgangstokenet er ikke udstedt til Brevdues API. Bed om et token til identity.audience (API-scope).',
    tenant_not_allowed: 'Adgangstokenet kommer fra en tenant, der ikke er tilladt. Tilføj den til identity.allowedTenants.',
    jwks_unavailable: 'Udstederens nøgler (JWKS) kan ikke hentes lige nu. Prøv igen om lidt.',
    claim_missing: 'Login mangler en påkrævet oplysning (claim). Kontrollér app-registreringens token-konfiguration.',
    no_role: 'Brugeren har ingen Brevdue-rolle. Bed en administrator om en app-rolle eller gruppe, der giver adgang.',
    sign_in_state: 'Loginforsøget kan ikke genkendes eller er udløbet. Start login forfra.',
    sign_in_failed: 'Login mislykkedes hos identitetsudbyderen. Prøv igen, eller kontakt IT.',
  },
  en: {
    token_malformed: 'The access token is not a valid JWT. Send "Authorization: Bearer <token>" with a token from sign-in.',
    token_expired: 'The access token has expired. Sign in again or fetch a new token.',
    token_not_yet_valid: 'The access token is not valid yet. Check the clock of the machine.',
    bad_signature: "The access token's signature does not verify with the issuer's keys.",
    unknown_issuer: 'The access token comes from an unknown issuer. Use a token from the configured identity.issuer.',
    wrong_audience: "The access token was not issued for Brevdue's API. Ask for a token for identity.audience (the API scope).",
    tenant_not_allowed: 'The access token comes from a tenant that is not allowed. Add it to identity.allowedTenants.',
    jwks_unavailable: "The issuer's keys (JWKS) cannot be fetched right now. Try again shortly.",
    claim_missing: "The sign-in lacks a required claim. Check the app registration's token configuration.",
    no_role: 'The user has no Brevdue role. Ask an administrator for an app role or group that grants access.',
    sign_in_state: 'The sign-in attempt is unknown or has expired. Start signing in again.',
    sign_in_failed: 'Sign-in failed at the identity provider. Try again, or contact IT.',
  },
};

/** Stable codes of identity failures; the catalogue with statuses is in `identity-error.ts`. */
export type IdentityErrorCode =
  | 'token_malformed'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'bad_signature'
  | 'unknown_issuer'
  | 'wrong_audience'
  | 'tenant_not_allowed'
  | 'jwks_unavailable'
  | 'claim_missing'
  | 'no_role'
  | 'sign_in_state'
  | 'sign_in_failed';
