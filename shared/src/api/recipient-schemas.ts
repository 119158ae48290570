/**
 * @module
 * `GET /v1/recipients/lookup`: whether an identifier is valid and how its owner is reached.
 */
import { z } from 'zod';
import { REGISTRATIONS } from '../domain/letter-status.ts';

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
