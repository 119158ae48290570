/**
 * @module
 * The life of a letter: `scheduled → queued → submitted → delivered_digital | delivered_print
 * | failed | cancelled`. `held` is a letter in a batch run awaiting review.
 */
export const LETTER_STATUSES = [
  'held',
  'scheduled',
  'queued',
  'submitted',
  'delivered_digital',
  'delivered_print',
  'delivered_sms',
  'failed',
  'cancelled',
] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export const FINAL_STATUSES: readonly LetterStatus[] = ['delivered_digital', 'delivered_print', 'delivered_sms', 'failed', 'cancelled'];

/** Whether nothing more will happen to a letter in this status. */
export function isFinalStatus(s: LetterStatus): boolean {
  return FINAL_STATUSES.includes(s);
}

export const CHANNELS = ['digital', 'print', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_POLICIES = ['digital-else-print', 'digital-only', 'print-only', 'sms'] as const;
export type ChannelPolicy = (typeof CHANNEL_POLICIES)[number];

/** A recipient's registration for digital post as a provider reports it. */
export const REGISTRATIONS = ['digital', 'not_registered', 'exempt', 'unknown'] as const;
export type Registration = (typeof REGISTRATIONS)[number];
