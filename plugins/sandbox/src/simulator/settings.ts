/**
 * @module
 * The simulator's settings: registration table, latency, failure rates, delivery delay and
 * callbacks. Given at start (`simulator.start({ settings })`, the platform config's
 * `simulator.settings`) and changed at run time with `POST /settings`.
 */
import { z } from 'zod';
import { ID_TYPES, REGISTRATIONS } from '@brevdue/shared';
import type { IdType, Registration } from '@brevdue/shared';

/** One entry of the registration table: a bare registration, or one with name and SMS reachability. */
export const registrationEntrySchema = z.union([
  z.enum(REGISTRATIONS),
  z.object({ registration: z.enum(REGISTRATIONS), name: z.string().min(1).max(200).optional(), sms: z.boolean().optional() }),
]);
export type RegistrationEntry = z.infer<typeof registrationEntrySchema>;

/** Key of the registration table: `<idType>:<id>`, e.g. `CPR:0101701111`. */
const tableKey = z.string().regex(new RegExp(`^(${ID_TYPES.join('|')}):\\S+$`), 'keys are "<idType>:<id>", e.g. "CPR:0101701111"');

/**
 * The test recipients every sandbox knows. Everything not listed is `defaultRegistration`
 * (digital): any valid CPR, CVR, FNR or ORGNR can be sent to.
 */
export const DEFAULT_REGISTRATIONS: Readonly<Record<string, RegistrationEntry>> = {
  'CPR:0101701111': { registration: 'not_registered', name: 'Ida Print', sms: false },
  'CPR:0202702222': { registration: 'not_registered', name: 'Poul Papir', sms: true },
  'CPR:0303703333': { registration: 'exempt', name: 'Erik Fritaget', sms: false },
  'CPR:0404704444': { registration: 'unknown' },
  'CPR:0505705555': { registration: 'digital', name: 'Sofie Udenmobil', sms: false },
  'CVR:29189846': { registration: 'digital', name: 'Testkommune' },
};

const rate = z.number().min(0, 'a rate is a fraction between 0 and 1').max(1, 'a rate is a fraction between 0 and 1');

/** Settings as accepted by `start` and `POST /settings` (every field optional: a patch). */
export const settingsPatchSchema = z
  .object({
    /** Entries to add or change; `null` removes one. Merged over the current table. */
    registrations: z.record(tableKey, registrationEntrySchema.nullable()),
    /** With `registrations`: replace the table (defaults included) instead of merging. */
    replaceRegistrations: z.boolean(),
    /** Registration of everyone not in the table. */
    defaultRegistration: z.enum(REGISTRATIONS),
    /** Delay before every answer, in milliseconds. */
    latencyMs: z.number().int().min(0).max(60_000),
    /** The agreed limit: `POST /messages` beyond this many at once is answered 429 with Retry-After; null: no limit. */
    maxConcurrent: z.number().int().min(1).nullable(),
    /** The Retry-After (seconds) of a 429. */
    retryAfterSeconds: z.number().int().min(0).max(3600),
    /** Fraction of `POST /messages` answered 503 before anything is accepted. */
    failureRate: rate,
    /** Fraction of `POST /messages` accepted and then answered 503 (the answer is "lost"). */
    lostAckRate: rate,
    /** Fraction of `POST /lookup` answered 503. */
    lookupFailureRate: rate,
    /** Fraction of print letters that fail after acceptance (reported by callback/poll). */
    printFailureRate: rate,
    /** Delay from acceptance to the final status; 0 answers the final status at once. */
    deliveryDelayMs: z.number().int().min(0).max(86_400_000),
    /** Default callback URL for delivery callbacks (a message's own `callbackUrl` wins); null turns it off. */
    callbackUrl: z.url().nullable(),
    /** Shared secret that signs callbacks (HMAC-SHA256); null turns signing off. */
    callbackSecret: z.string().min(16, 'callbackSecret must be at least 16 characters').nullable(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The settings in force. */
export interface Settings {
  registrations: Record<string, RegistrationEntry>;
  defaultRegistration: Registration;
  latencyMs: number;
  maxConcurrent: number | null;
  retryAfterSeconds: number;
  failureRate: number;
  lostAckRate: number;
  lookupFailureRate: number;
  printFailureRate: number;
  deliveryDelayMs: number;
  callbackUrl: string | null;
  callbackSecret: string | null;
}

/** Settings of a fresh simulator. */
export function defaultSettings(): Settings {
  return {
    registrations: { ...DEFAULT_REGISTRATIONS },
    defaultRegistration: 'digital',
    latencyMs: 0,
    maxConcurrent: null,
    retryAfterSeconds: 1,
    failureRate: 0,
    lostAckRate: 0,
    lookupFailureRate: 0,
    printFailureRate: 0,
    deliveryDelayMs: 0,
    callbackUrl: null,
    callbackSecret: null,
  };
}

/**
 * Applies a validated patch to settings, returning new settings.
 * @example applySettings(defaultSettings(), { failureRate: 0.2 })
 */
export function applySettings(current: Settings, patch: SettingsPatch): Settings {
  const { registrations, replaceRegistrations, ...rest } = patch;
  const next: Settings = { ...current, ...rest, registrations: { ...current.registrations } };
  if (registrations) {
    if (replaceRegistrations) next.registrations = {};
    for (const [key, entry] of Object.entries(registrations)) {
      if (entry === null) delete next.registrations[key];
      else next.registrations[key] = entry;
    }
  }
  return next;
}

/**
 * Parses settings given as unknown JSON (start options, `POST /settings`).
 * @throws Error naming the field when a setting is invalid.
 */
export function parseSettingsPatch(input: unknown): SettingsPatch {
  const r = settingsPatchSchema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || '(settings)';
    throw new Error(`sandbox simulator: setting "${field}": ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

/** What the table says about one recipient. */
export function resolveRegistration(
  settings: Settings,
  idType: IdType,
  id: string,
): { registration: Registration; name?: string; sms: boolean } {
  const entry = settings.registrations[`${idType}:${id}`];
  const person = idType === 'CPR' || idType === 'FNR';
  if (entry === undefined) {
    const registration = settings.defaultRegistration;
    return { registration, sms: person && registration !== 'unknown' };
  }
  if (typeof entry === 'string') return { registration: entry, sms: person && entry !== 'unknown' };
  return { registration: entry.registration, name: entry.name, sms: entry.sms ?? (person && entry.registration !== 'unknown') };
}
