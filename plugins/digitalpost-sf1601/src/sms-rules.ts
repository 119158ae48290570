/**
 * @module
 * NemSMS text rules, checked before sending: the text is the MeMo `notification` (at most 150
 * characters) and is delivered as one SMS, so only GSM 03.38 characters are allowed.
 */
import { smsText } from './messages.ts';

/** MeMo memoNotificationType maximum, which is the NemSMS text length. */
export const SMS_MAX_LENGTH = 150;

// GSM 03.38 basic set plus the extension table (which costs two septets but is allowed).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€';
const GSM = new Set([...GSM_BASIC, ...GSM_EXTENSION]);

/** A rule the text breaks, or undefined when it can be sent. */
export interface SmsRuleViolation {
  rule: 'empty' | 'length' | 'characters';
  message: string;
}

/**
 * Checks an SMS text against the NemSMS rules.
 * @example checkSmsText('Husk tandlægen i morgen kl. 10') // undefined
 */
export function checkSmsText(text: string | undefined): SmsRuleViolation | undefined {
  if (!text || text.trim() === '') return { rule: 'empty', message: smsText.empty };
  const chars = [...text];
  if (chars.length > SMS_MAX_LENGTH) return { rule: 'length', message: smsText.tooLong(SMS_MAX_LENGTH, chars.length) };
  const bad = [...new Set(chars.filter((c) => !GSM.has(c)))];
  if (bad.length) return { rule: 'characters', message: smsText.badCharacters(bad.map((c) => JSON.stringify(c)).join(' ')) };
  return undefined;
}
