/**
 * @module
 * API tokens: random secrets shown once, stored only as SHA-256 hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';

export const ROLES: readonly Role[] = ['sender', 'admin', 'archivist', 'auditor'];

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new token secret: `bd_` + 32 random bytes, base64url. */
export function newTokenSecret(): string {
  return `bd_${randomBytes(32).toString('base64url')}`;
}

export interface CreatedToken {
  id: string;
  token: string;
  organisationId: string;
  role: Role;
}

/** Creates a token for an organisation; the secret is returned once and never stored. */
export async function createApiToken(db: Kysely<Database>, opts: { organisationId: string; role: Role; name: string; secret?: string; userId?: string | null }): Promise<CreatedToken> {
  const token = opts.secret ?? newTokenSecret();
  const row = await db
    .insertInto('api_tokens')
    .values({ organisation_id: opts.organisationId, role: opts.role, name: opts.name, token_hash: hashToken(token), prefix: token.slice(0, 8), user_id: opts.userId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, organisationId: opts.organisationId, role: opts.role };
}

/** Finds the organisation by slug, creating it when missing. */
export async function ensureOrganisation(
  db: Kysely<Database>,
  org: { slug: string; name: string; cvr?: string; orgnr?: string; contactPoint?: string; returnAddress?: unknown },
): Promise<string> {
  const existing = await db.selectFrom('organisations').select('id').where('slug', '=', org.slug).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('organisations')
    .values({
      slug: org.slug,
      name: org.name,
      cvr: org.cvr ?? null,
      orgnr: org.orgnr ?? null,
      contact_point: org.contactPoint ?? null,
      return_address: org.returnAddress ? JSON.stringify(org.returnAddress) : null,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return (await db.selectFrom('organisations').select('id').where('slug', '=', org.slug).executeTakeFirstOrThrow()).id;
}

/** `BREVDUE_BOOTSTRAP_TOKEN`: creates (or keeps) an admin token with exactly that value. */
export async function ensureBootstrapToken(db: Kysely<Database>, organisationId: string, secret: string): Promise<void> {
  const existing = await db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(secret)).executeTakeFirst();
  if (existing) return;
  await createApiToken(db, { organisationId, role: 'admin', name: 'bootstrap', secret });
}
