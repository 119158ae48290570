/**
 * @module
 * Who a letter goes to: a Danish person (CPR) or company (CVR, optionally a P-number),
 * a Norwegian person (FNR / D-number) or organisation (ORGNR), optionally with a postal
 * address for print.
 */
import { z } from 'zod';
import { isValidCpr, normaliseCpr } from '../ids/cpr.ts';
import { isValidCvr, isValidPNumber } from '../ids/cvr.ts';
import { isValidFnr, isValidOrgnr } from '../ids/norway.ts';

export const ID_TYPES = ['CPR', 'CVR', 'FNR', 'ORGNR'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** A postal address for print; foreign addresses allowed (ISO 3166 alpha-2 country). */
export const postalAddressSchema = z.object({
  name: z.string().trim().min(1).max(100),
  lines: z.array(z.string().trim().min(1).max(100)).min(1).max(4),
  postalCode: z.string().trim().min(1).max(12),
  city: z.string().trim().min(1).max(60),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as DK or NO')
    .default('DK'),
});
export type PostalAddress = z.infer<typeof postalAddressSchema>;

const validators: Record<IdType, { check: (id: string) => boolean; hint: string }> = {
  CPR: { check: isValidCpr, hint: 'a CPR number is 10 digits (DDMMYYSSSS) with a real birth date' },
  CVR: { check: isValidCvr, hint: 'a CVR number is 8 digits satisfying modulus 11' },
  FNR: { check: isValidFnr, hint: 'a fødselsnummer/D-number is 11 digits with two valid control digits' },
  ORGNR: { check: isValidOrgnr, hint: 'an organisation number is 9 digits satisfying modulus 11' },
};

export const recipientSchema = z
  .object({
    idType: z.enum(ID_TYPES),
    id: z
      .string()
      .trim()
      .transform((s) => normaliseCpr(s)),
    name: z.string().trim().min(1).max(200).optional(),
    /** For a CVR recipient: the production unit (P-number) to address. */
    pNumber: z.string().trim().optional(),
    /** Postal address used when the letter is printed. */
    address: postalAddressSchema.optional(),
    /** Mobile number for SMS where the provider needs one (E.164, e.g. +4512345678). */
    mobile: z
      .string()
      .regex(/^\+\d{8,15}$/, 'mobile must be in E.164 form, e.g. +4512345678')
      .optional(),
  })
  .superRefine((r, ctx) => {
    const v = validators[r.idType];
    if (!v.check(r.id)) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `invalid ${r.idType} "${r.id}": ${v.hint}` });
    }
    if (r.pNumber !== undefined) {
      if (r.idType !== 'CVR') ctx.addIssue({ code: 'custom', path: ['pNumber'], message: 'pNumber is only allowed for CVR recipients' });
      else if (!isValidPNumber(r.pNumber)) ctx.addIssue({ code: 'custom', path: ['pNumber'], message: 'a P-number is 10 digits' });
    }
  });
export type Recipient = z.infer<typeof recipientSchema>;

/** Whether the identifier belongs to a person (as opposed to a company or organisation). */
export function isPerson(idType: IdType): boolean {
  return idType === 'CPR' || idType === 'FNR';
}
