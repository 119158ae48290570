/**
 * @module
 * The one error class of the audit module: the field at fault (`documentSha256`,
 * `audit.signingKey`, `party` ...) and a message that says what to do.
 */
import { auditMessages, type Locale } from './messages.ts';

type Codes = 'notSha256' | 'emptyParty';

/**
 * A malformed audit entry, query or key; `field` names what to fix.
 * @example try { loadAuditSigningKey(config.audit) } catch (e) { if (e instanceof AuditError) console.error(e.message) }
 */
export class AuditError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'AuditError';
    this.field = field;
  }
}

/** An entry handed to `writeAudit` that cannot be stored as given. */
export class AuditInputError extends AuditError {
  constructor(field: string, code: Codes, locale: Locale = 'da') {
    super(field, auditMessages(locale)[code]);
    this.name = 'AuditInputError';
  }
}
