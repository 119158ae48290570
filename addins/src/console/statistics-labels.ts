/**
 * @module
 * Statistics' codes in words: a failure's reason code (ours, or the provider's own code) and a
 * registration, in the console's language.
 */
import type { ConsoleMessages } from './console-messages.ts';

/** A failure reason code in words; a provider's own code is named as such. */
export function reasonLabel(t: ConsoleMessages, code: string): string {
  return t.stats.reasons[code] ?? t.stats.providerCode(code);
}

/** A registration (`digital`, `not_registered` ...) in words. */
export function registrationLabel(t: ConsoleMessages, registration: string): string {
  return t.stats.registrations[registration] ?? registration;
}
