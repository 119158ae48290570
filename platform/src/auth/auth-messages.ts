/**
 * @module
 * Texts of authentication and authorisation answers, Danish first with English alongside.
 */
export const AUTH_MESSAGES = {
  unauthorized: 'Log ind eller angiv en gyldig nøgle / sign in or give a valid token (Authorization: Bearer …)',
  tooManyFailures: (seconds: number) =>
    `For mange mislykkede forsøg; prøv igen om ${seconds} s / too many failed attempts; try again in ${seconds} s`,
  forbidden: (roles: readonly string[]) =>
    `Din rolle (${roles.join(', ') || 'ingen'}) må ikke dette / your role (${roles.join(', ') || 'none'}) may not do this`,
  csrf: 'Forespørgslen mangler X-Brevdue-Csrf / the request lacks the X-Brevdue-Csrf header (needed with a session cookie)',
  userDisabled: 'Brugeren er spærret / the user is disabled',
  noRole: 'Brugeren har ingen Brevdue-rolle; bed en administrator om en / the user has no Brevdue role; ask an administrator',
  ticketOnlyForStreams: 'Billetter gælder kun for hændelsesstrømme / tickets are for event streams only',
  tokenNotFound: 'Nøglen / the token',
  userNotFound: 'Brugeren / the user',
  upnTaken: (upn: string) => `Brugeren ${upn} findes allerede / user ${upn} already exists`,
  signInNotConfigured: 'Log ind er ikke sat op; se "identity" i konfigurationen / sign-in is not configured; see "identity" in the config',
} as const;
