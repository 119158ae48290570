/**
 * @module
 * Which status changes a letter may make. Final statuses never change again, so a late or
 * repeated answer from a provider (a duplicate, a second callback) cannot undo an outcome.
 */
import { type LetterStatus, isFinalStatus } from '@brevdue/shared';

const ORDER: Record<LetterStatus, number> = {
  held: 0,
  scheduled: 1,
  queued: 2,
  submitted: 3,
  delivered_digital: 4,
  delivered_print: 4,
  delivered_sms: 4,
  failed: 4,
  cancelled: 4,
};

/**
 * Whether `from → to` is a forward move. `held → scheduled/queued` is the release of a batch run;
 * `scheduled/queued → held` is the leak guard stopping a letter just before it is sent.
 * `failed → cancelled` is a person closing a failed letter off the error list (`byPerson`); a
 * provider's answer never takes that step, so a late callback cannot close a letter nobody saw.
 */
export function canTransition(from: LetterStatus, to: LetterStatus, opts: { byPerson?: boolean } = {}): boolean {
  if (from === to) return false;
  if (from === 'failed' && to === 'cancelled') return opts.byPerson === true;
  if (isFinalStatus(from)) return false;
  if (to === 'held') return from === 'scheduled' || from === 'queued';
  return ORDER[to] > ORDER[from] || (from === 'scheduled' && to === 'queued');
}
