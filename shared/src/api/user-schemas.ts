/**
 * @module
 * Staff and system tokens as the API answers them: `GET /v1/users` (a page, searched by name or
 * sign-in name) and `GET /v1/tokens` (never a secret; the secret only in the answer to a create).
 */
import { z } from 'zod';

export const STAFF_ROLES = ['sender', 'teamlead', 'archivist', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A team: lower-case letters, digits and dashes. */
export const teamSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'a team is lower-case letters, digits and dashes');

export const userSchema = z
  .object({
    id: z.string(),
    upn: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    roles: z.array(z.string()),
    teams: z.array(z.string()),
    disabled: z.boolean(),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof userSchema>;

export const userListQuerySchema = z.object({
  q: z.string().max(200).optional().meta({ description: 'Words the name or sign-in name (UPN) contains' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const userPageSchema = z
  .object({ users: z.array(userSchema), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'UserPage' });
export type UserPage = z.infer<typeof userPageSchema>;

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    team: z.string().nullable(),
    prefix: z.string().meta({ description: 'The first characters of the secret, to recognise it' }),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type TokenView = z.infer<typeof tokenSchema>;

export const createdTokenSchema = tokenSchema.extend({ token: z.string().meta({ description: 'The secret: shown this once' }) });
export type CreatedTokenView = z.infer<typeof createdTokenSchema>;
