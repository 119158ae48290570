/**
 * @module
 * The sandbox register's config: the language of its messages, and rows IT may add to the
 * built-in table for a trial (a row with a number already in the table replaces that row).
 */
import { z } from 'zod';
import { sandboxCompanySchema, sandboxPersonSchema } from './register-table.ts';

/** The sandbox register's config schema; unknown fields are refused. */
export const sandboxRegisterConfigSchema = z
  .object({
    /** Language of error messages: `da` (default) or `en`. */
    language: z.enum(['da', 'en']).default('da'),
    /** Extra persons; checked with the built-in ones (every minor needs two custody holders in the table). */
    persons: z.array(sandboxPersonSchema).default([]),
    /** Extra companies with their production units. */
    companies: z.array(sandboxCompanySchema).default([]),
  })
  .strict();
export type SandboxRegisterConfig = z.infer<typeof sandboxRegisterConfigSchema>;
