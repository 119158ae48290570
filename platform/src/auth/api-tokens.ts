/**
 * @module
 * API tokens: random secrets shown once, stored only as SHA-256 hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';

/** Every role, least to most powerful in what it may change. */
export const ROLES = ['sender', 'teamlead', 'archivist', 'auditor', 'admin'] as const satisfies readonly Role[];

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new token secret: `bd_` + 32 random bytes, base64url. */
export function newTokenSecret(): string {
  return `bd_${randomBytes(32).toString('base64url')}`;
}

export interface CreatedToken {
  id: string;
  /** The secret: shown once, never stored. */
  token: string;
  organisationId: string;
  role: Role;
}

export interface NewToken {
  organisationId: string;
  role: Role;
  name: string;
  /** Use this secret instead of a random one (the bootstrap token). */
  secret?: string;
  userId?: string | null;
  team?: string | null;
  expiresAt?: Date | null;
  /** Audit actor that creates it. */
  createdBy?: string;
}

/** Creates a token for an organisation; the secret is returned once and never stored. */
export async function createApiToken(db: Kysely<Database>, opts: NewToken): Promise<CreatedToken> {
  const token = opts.secret ?? newTokenSecret();
  const row = await db
    .insertInto('api_tokens')
    .values({
      organisation_id: opts.organisationId,
      role: opts.role,
      name: opts.name,
      token_hash: hashToken(token),
      prefix: token.slice(0, 8),
      user_id: opts.userId ?? null,
      team: opts.team ?? null,
      expires_at: opts.expiresAt ?? null,
      created_by: opts.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, organisationId: opts.organisationId, role: opts.role };
}

/** A token as lists show it: never the secret, only its first characters. */
export interface TokenView {
  id: string;
  name: string;
  role: Role;
  team: string | null;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The organisation's tokens, newest first (revoked ones too, marked). */
export async function listApiTokens(db: Kysely<Database>, organisationId: string): Promise<TokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    role: t.role,
    team: t.team,
    prefix: t.prefix,
    createdAt: t.created_at.toISOString(),
    expiresAt: t.expires_at?.toISOString() ?? null,
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
  }));
}

/**
 * Revokes a token: refused from the next request on, in every process (tokens are looked up on
 * every request, never cached). Answers false when the organisation has no such live token.
 */
export async function revokeApiToken(db: Kysely<Database>, organisationId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
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

/**
 * `BREVDUE_BOOTSTRAP_TOKEN`: creates an admin token with exactly that value, once. A bootstrap
 * token that was revoked stays revoked (that is how it is retired).
 */
export async function ensureBootstrapToken(db: Kysely<Database>, organisationId: string, secret: string): Promise<void> {
  const existing = await db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(secret)).executeTakeFirst();
  if (existing) return;
  await createApiToken(db, { organisationId, role: 'admin', name: 'bootstrap', secret });
}
