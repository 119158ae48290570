/**
 * @module
 * `GET /v1/recipients/lookup`: whether an identifier is valid and how its owner is reached.
 * `GET /v1/recipients/production-units`: a company's P-units, for a CVR recipient's `pNumber`.
 */
import { z } from 'zod';
import { REGISTRATIONS } from '../domain/letter-status.ts';
import { postalAddressSchema } from '../domain/recipient.ts';

export const recipientLookupSchema = z
  .object({
    valid: z.boolean(),
    message: z.string().optional(),
    registration: z.enum(REGISTRATIONS).optional(),
    name: z.string().optional(),
    sms: z.boolean().optional(),
  })
  .meta({ id: 'RecipientLookup' });
export type RecipientLookup = z.infer<typeof recipientLookupSchema>;

export const productionUnitsSchema = z
  .object({
    cvr: z.string(),
    productionUnits: z.array(z.object({ pNumber: z.string(), name: z.string(), address: postalAddressSchema.optional() })),
  })
  .meta({ id: 'ProductionUnits' });
export type ProductionUnits = z.infer<typeof productionUnitsSchema>;
