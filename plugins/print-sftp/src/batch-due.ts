/**
 * @module
 * When the waiting letters make a batch: the batch is full, the oldest letter has waited
 * `maxWaitMinutes`, or one of the profile's drop times (local time) has passed since the last drop.
 */
import type { VendorProfile } from './vendor-profile.ts';

/** The local wall-clock time of `at` in `timeZone` as minutes since midnight, and its date. */
function local(at: Date, timeZone: string): { day: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * Whether a batch is due now.
 * @example isBatchDue(profile, { pending: 3, oldest: new Date(...), lastDropAt: undefined, now: new Date() })
 */
export function isBatchDue(profile: VendorProfile, s: { pending: number; oldest?: Date; lastDropAt?: Date; now: Date }): boolean {
  if (s.pending === 0) return false;
  const b = profile.batch;
  if (s.pending >= b.maxLetters) return true;
  if (s.oldest && s.now.getTime() - s.oldest.getTime() >= b.maxWaitMinutes * 60_000) return true;
  if (b.dropTimes.length === 0) return false;
  // A drop time passed since the last drop (or since the oldest letter arrived, before any drop).
  const since = s.lastDropAt ?? s.oldest ?? s.now;
  const now = local(s.now, b.timeZone);
  const then = local(since, b.timeZone);
  return b.dropTimes.some((hhmm) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    const at = h * 60 + m;
    if (now.day === then.day) return then.minutes < at && at <= now.minutes;
    // A day (or more) went by: today's drop time has passed, or yesterday's was after `since`.
    return at <= now.minutes || then.minutes < at;
  });
}
