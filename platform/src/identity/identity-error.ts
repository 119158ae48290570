/**
 * @module
 * The one error class of the identity module: a stable code, the HTTP status it maps to, a
 * message that says what to do (Danish by default), and a `detail` for logs. Neither ever holds
 * the token: a bearer token in a log line is a credential handed to whoever reads the log.
 */
import { ERROR_TEXT, type IdentityErrorCode, type Locale } from './messages.ts';

export type { IdentityErrorCode };

/** HTTP status per code: token problems are 401, a missing role 403, an unreachable IdP 503. */
export const IDENTITY_ERROR_STATUS: Record<IdentityErrorCode, 400 | 401 | 403 | 503> = {
  token_malformed: 401,
  token_expired: 401,
  token_not_yet_valid: 401,
  bad_signature: 401,
  unknown_issuer: 401,
  wrong_audience: 401,
  tenant_not_allowed: 401,
  jwks_unavailable: 503,
  claim_missing: 401,
  no_role: 403,
  sign_in_state: 400,
  sign_in_failed: 401,
};

/**
 * A failed token check or sign-in.
 * @example
 * try { await verifier.verify(token); } catch (e) {
 *   if (e instanceof IdentityError) return c.json({ error: { code: e.code, message: e.message } }, e.status);
 * }
 */
export class IdentityError extends Error {
  readonly code: IdentityErrorCode;
  readonly status: 400 | 401 | 403 | 503;
  /** English detail for logs (which claim, which issuer); never the token. */
  readonly detail: string | undefined;

  constructor(code: IdentityErrorCode, detail?: string, locale: Locale = 'da') {
    super(ERROR_TEXT[locale][code]);
    this.name = 'IdentityError';
    this.code = code;
    this.status = IDENTITY_ERROR_STATUS[code];
    this.detail = detail;
  }

  /** The same error's message in the other language (for an `Accept-Language: en` client). */
  messageIn(locale: Locale): string {
    return ERROR_TEXT[locale][this.code];
  }
}
