/**
 * @module
 * From Digipost's delivery answers and document events to the platform's letter status.
 */
import type { Channel, LetterStatus, Registration } from '@brevdue/shared';
import type { DocumentEventAnswer, IdentificationAnswer } from './answers.ts';
import { MSG } from './messages.ts';

type Sent = 'submitted' | 'delivered_digital' | 'delivered_print';

/** `message-delivery` (or `document-status`) delivery method + status → letter status and channel. */
export function deliveryStatus(method: string | undefined, status: string | undefined): { status: Sent; channel?: Channel } {
  if (method === 'DIGIPOST' && (status === 'DELIVERED' || status === undefined)) return { status: 'delivered_digital', channel: 'digital' };
  if (method === 'PRINT' || status === 'DELIVERED_TO_PRINT') return { status: 'delivered_print', channel: 'print' };
  // PENDING, NOT_COMPLETE, COMPLETE, or a channel we do not route (EPOST, PEPPOL): not final yet.
  return { status: 'submitted' };
}

/** `identification-result` → the platform's registration answer. */
export function registrationOf(a: IdentificationAnswer): { registration: Registration; warnings?: string[] } {
  switch (a.result) {
    case 'DIGIPOST':
      return { registration: 'digital' };
    case 'IDENTIFIED':
      // Known to Digipost (e.g. in the population register) but without a Digipost account: print.
      return { registration: 'not_registered' };
    case 'UNIDENTIFIED':
      return a.unidentifiedReason === 'MULTIPLE_MATCHES'
        ? { registration: 'not_registered', warnings: [MSG.multipleMatches] }
        : { registration: 'not_registered' };
    case 'INVALID':
      return { registration: 'unknown', warnings: [MSG.invalidRecipient(a.invalidReason ?? 'UNKNOWN')] };
  }
}

/** A document event → the letter event (and status where it changes the letter's status). */
export function eventUpdate(e: DocumentEventAnswer): { event: string; status?: LetterStatus; reason?: string; channel?: Channel } {
  switch (e.type) {
    case 'OPENED':
      return { event: 'opened' };
    case 'PRINT_FAILED':
      return { event: 'print_failed', status: 'failed', reason: MSG.printFailed(e.metadata['error-code'] ?? 'UNKNOWN'), channel: 'print' };
    case 'POSTMARKED':
      return { event: 'postmarked', channel: 'print' };
    case 'SHREDDED':
      return { event: 'shredded' };
    case 'EMAIL_NOTIFICATION_FAILED':
      return { event: 'email_notification_failed' };
    case 'SMS_NOTIFICATION_FAILED':
      return { event: 'sms_notification_failed' };
    case 'MOVE_FILES_FROM_PUBLIC_SECTOR':
      return { event: 'moved_from_public_sector' };
    default:
      return { event: e.type.toLowerCase() };
  }
}
