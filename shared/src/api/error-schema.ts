/**
 * @module
 * The one shape of every API error answer (4xx and 5xx).
 */
import { z } from 'zod';

/** `{ error: { code, message, field?, details? } }`: `field` names what to fix, `message` says how. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'invalid_request' }),
      message: z.string(),
      field: z.string().optional(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
