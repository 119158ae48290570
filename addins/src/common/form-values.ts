/**
 * @module
 * Turns what the user typed into the request the API takes: recipients checked with the shared
 * validators (the same code the platform runs), action forms into `Action` objects, local
 * `datetime-local` values into ISO 8601 with the browser's offset.
 */
import { isValidCpr, isValidCvr, isValidFnr, isValidOrgnr, normaliseCpr, type Action, type ActionCode, type IdType } from '@brevdue/shared';
import { messages } from './messages.ts';

/** A copy recipient as typed under a recipient (`recipients[i].copies`). */
export interface CopyRow {
  key: string;
  idType: IdType;
  id: string;
}

/** A recipient row as typed. */
export interface RecipientRow {
  key: string;
  /** Danish CPR/CVR, or Norwegian fødselsnummer/organisasjonsnummer (sent through Digipost). */
  idType: IdType;
  id: string;
  name?: string;
  /** For a CVR recipient: the production unit chosen, or undefined for the whole company. */
  pNumber?: string;
  /** Manual copies of this recipient's letter. */
  copies?: CopyRow[];
}

/** The error to show under a recipient field as the user types, or undefined when valid (or still empty). */
export function recipientError(row: Pick<RecipientRow, 'idType' | 'id'>): string | undefined {
  const id = normaliseCpr(row.id);
  if (id === '') return undefined;
  const checks: Record<IdType, [(id: string) => boolean, string]> = {
    CPR: [isValidCpr, messages.invalidCpr],
    CVR: [isValidCvr, messages.invalidCvr],
    FNR: [isValidFnr, messages.invalidFnr],
    ORGNR: [isValidOrgnr, messages.invalidOrgnr],
  };
  const [valid, message] = checks[row.idType];
  return valid(id) ? undefined : message;
}

/** Whether the row holds a complete, valid number. */
export function isCompleteRecipient(row: Pick<RecipientRow, 'idType' | 'id'>): boolean {
  return normaliseCpr(row.id) !== '' && recipientError(row) === undefined;
}

/**
 * `2026-12-03T10:00` (a `datetime-local` value, local time) → `2026-12-03T10:00:00+01:00`.
 * Returns undefined for an empty or unparsable value.
 */
export function localToIso(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(d.getTime())) return undefined;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const mm = String(Math.abs(off) % 60).padStart(2, '0');
  return `${local}:00${sign}${hh}:${mm}`;
}

/** The fields of all action forms; each code uses some of them. */
export interface ActionFields {
  label: string;
  start: string;
  end: string;
  place: string;
  amount: string;
  dueDate: string;
  url: string;
  deadline: string;
}

export const emptyActionFields: ActionFields = { label: '', start: '', end: '', place: '', amount: '', dueDate: '', url: '', deadline: '' };

/** Which form fields each action code shows, and which of them are required. */
export const ACTION_FORM: Record<ActionCode, { fields: Array<keyof ActionFields>; required: Array<keyof ActionFields> }> = {
  AFTALE: { fields: ['label', 'start', 'end', 'place'], required: ['start', 'end'] },
  BETALING: { fields: ['label', 'amount', 'dueDate', 'url'], required: ['amount', 'dueDate'] },
  UNDERSKRIV: { fields: ['label', 'url'], required: ['url'] },
  BEKRAEFT: { fields: ['label', 'url'], required: [] },
  TILMELDING: { fields: ['label', 'url', 'deadline'], required: ['url', 'deadline'] },
  SELVBETJENING: { fields: ['label', 'url'], required: ['url'] },
  INFORMATION: { fields: ['label', 'url'], required: [] },
  FORBEREDELSE: { fields: ['label', 'url'], required: [] },
};

/** Danish default button texts, used when the label is left empty. */
const DEFAULT_LABEL: Record<ActionCode, string> = {
  AFTALE: 'Tilføj til kalender',
  BETALING: 'Betal',
  UNDERSKRIV: 'Underskriv',
  BEKRAEFT: 'Bekræft',
  TILMELDING: 'Tilmeld',
  SELVBETJENING: 'Gå til selvbetjening',
  INFORMATION: 'Læs mere',
  FORBEREDELSE: 'Forbered dig',
};

/**
 * Builds the API's `Action` from the form. The platform validates it again with the same zod
 * schema; this only shapes it (dates to ISO, amount to a number, empty optionals left out).
 */
export function buildAction(code: ActionCode, f: ActionFields): Action {
  const label = f.label.trim() || DEFAULT_LABEL[code];
  const url = f.url.trim() || undefined;
  switch (code) {
    case 'AFTALE':
      return {
        code,
        label,
        start: localToIso(f.start) ?? f.start,
        end: localToIso(f.end) ?? f.end,
        ...(f.place.trim() ? { place: f.place.trim() } : {}),
      };
    case 'BETALING':
      return {
        code,
        label,
        amount: Number(f.amount.replace(/\./g, '').replace(',', '.')),
        currency: 'DKK',
        dueDate: f.dueDate,
        ...(url ? { url } : {}),
      };
    case 'TILMELDING':
      return { code, label, url: url ?? '', deadline: localToIso(f.deadline) ?? f.deadline };
    case 'SELVBETJENING':
    case 'UNDERSKRIV':
      return { code, label, url: url ?? '' };
    default:
      return { code, label, ...(url ? { url } : {}) } as Action;
  }
}
