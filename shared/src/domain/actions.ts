/**
 * @module
 * Action metadata: the eight NgDP action codes and the fields each needs. Providers map these
 * to their wire format (MeMo `Action`, Digipost data types).
 */
import { z } from 'zod';
import { isValidKid, isValidNorwegianAccount } from '../ids/norway.ts';

export const ACTION_CODES = [
  'AFTALE',
  'BETALING',
  'SELVBETJENING',
  'INFORMATION',
  'UNDERSKRIV',
  'BEKRAEFT',
  'FORBEREDELSE',
  'TILMELDING',
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/** An ISO 8601 date-time with an offset or Z, e.g. 2026-12-03T10:00:00+01:00. */
export const dateTimeSchema = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with offset, e.g. 2026-12-03T10:00:00+01:00',
});
/** A calendar date, YYYY-MM-DD. */
export const dateSchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/** A link the citizen follows: must be https. */
export const httpsUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      return new URL(s).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https: link, e.g. https://example.dk/tilmeld');

const label = z.string().trim().min(1, 'label is required').max(100, 'label is at most 100 characters');

const aftale = z.object({
  code: z.literal('AFTALE'),
  label,
  start: dateTimeSchema,
  end: dateTimeSchema,
  place: z.string().trim().min(1).max(256).optional(),
  description: z.string().trim().max(256).optional(),
});
const betaling = z.object({
  code: z.literal('BETALING'),
  label,
  url: httpsUrlSchema.optional(),
  amount: z.number().positive('amount must be positive').max(1e9),
  currency: z.enum(['DKK', 'NOK', 'EUR']).optional(),
  dueDate: dateSchema,
  /** Norwegian giro: account number (11 digits, modulus 11). */
  account: z
    .string()
    .refine(isValidNorwegianAccount, 'account must be an 11-digit Norwegian account number with a valid control digit')
    .optional(),
  /** Norwegian giro: KID payment reference (MOD10 or MOD11). */
  kid: z.string().refine(isValidKid, 'kid must be 2–25 digits with a valid MOD10 or MOD11 control digit').optional(),
});
const tilmelding = z.object({
  code: z.literal('TILMELDING'),
  label,
  url: httpsUrlSchema,
  deadline: dateTimeSchema,
});
const withUrl = <C extends ActionCode>(code: C, urlRequired: boolean) =>
  z.object({
    code: z.literal(code),
    label,
    url: urlRequired ? httpsUrlSchema : httpsUrlSchema.optional(),
  });

export const actionSchema = z
  .discriminatedUnion('code', [
    aftale,
    betaling,
    tilmelding,
    withUrl('SELVBETJENING', true),
    withUrl('UNDERSKRIV', true),
    withUrl('INFORMATION', false),
    withUrl('BEKRAEFT', false),
    withUrl('FORBEREDELSE', false),
  ])
  .superRefine((a, ctx) => {
    if (a.code === 'AFTALE' && Date.parse(a.end) <= Date.parse(a.start)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'the appointment must end after it starts' });
    }
  });
export type Action = z.infer<typeof actionSchema>;
