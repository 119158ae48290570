/**
 * @module
 * Whose shipments, letters and documents a caller sees. Admins, archivists and auditors see
 * their whole organisation; senders and team leads what they created themselves (as a user, or
 * as the token when it has no user) and what their teams created. Every query is also scoped to
 * the caller's organisation: another organisation's ids answer 404.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuthInfo } from '../http/app-env.ts';

/** The owner columns a new shipment or document gets from its creator. */
export function ownerColumns(auth: AuthInfo): { created_by_user: string | null; created_by_token: string | null; team: string | null } {
  return { created_by_user: auth.userId, created_by_token: auth.userId ? null : auth.tokenId, team: auth.teams[0] ?? null };
}

/** Whether the caller sees everything of their organisation. */
export function seesWholeOrganisation(auth: AuthInfo): boolean {
  return auth.roles.some((r) => r === 'admin' || r === 'archivist' || r === 'auditor');
}

/**
 * A where-condition on a table with owner columns (`shipments`, `documents`, or an alias of one):
 * the caller's organisation, and for senders and team leads their own and their teams' rows.
 * @example db.selectFrom('shipments').selectAll().where(ownedBy(auth, 'shipments'))
 */
export function ownedBy(auth: AuthInfo, alias: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const org = sql<boolean>`${col('organisation_id')} = ${auth.organisationId}`;
  if (seesWholeOrganisation(auth)) return org;
  const mine = auth.userId
    ? sql<boolean>`${col('created_by_user')} = ${auth.userId}`
    : sql<boolean>`${col('created_by_token')} = ${auth.tokenId}`;
  const team = auth.teams.length > 0 ? sql<boolean>`${col('team')} = any(${[...auth.teams]}::text[])` : sql<boolean>`false`;
  return sql<boolean>`(${org} and (${mine} or ${team}))`;
}

/**
 * A where-condition on `letters` (or an alias): letters of shipments the caller sees.
 * @example db.selectFrom('letters').selectAll().where(lettersOwnedBy(auth))
 */
export function lettersOwnedBy(auth: AuthInfo, alias = 'letters'): RawBuilder<boolean> {
  const org = sql<boolean>`${sql.ref(`${alias}.organisation_id`)} = ${auth.organisationId}`;
  if (seesWholeOrganisation(auth)) return org;
  return sql<boolean>`(${org} and exists (select 1 from shipments s where s.id = ${sql.ref(`${alias}.shipment_id`)} and ${ownedBy(auth, 's')}))`;
}

/** Whether the caller sees the shipment (false for another organisation's or an unknown id). */
export async function seesShipment(db: Kysely<Database>, auth: AuthInfo, shipmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('shipments')
    .select('id')
    .where('id', '=', shipmentId)
    .where(ownedBy(auth, 'shipments'))
    .executeTakeFirst();
  return row !== undefined;
}
