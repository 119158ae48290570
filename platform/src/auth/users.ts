/**
 * @module
 * Named staff: provisioned at their first sign-in from the provider's claims, or beforehand by an
 * admin. Roles and teams come from the claims when the provider sends any (so Entra's app roles
 * and groups stay the truth); a user the provider sends none for keeps what an admin gave them.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, Role, UsersTable } from '../db/schema.ts';

/** A user as the API shows them. */
export interface UserView {
  id: string;
  upn: string | null;
  name: string;
  email: string | null;
  roles: Role[];
  teams: string[];
  disabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

type UserRow = Selectable<UsersTable>;

/** The API view of a user row. */
export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    upn: u.upn,
    name: u.name,
    email: u.email,
    roles: u.roles,
    teams: u.teams,
    disabled: u.disabled,
    lastSignInAt: u.last_sign_in_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  };
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** One page of the organisation's users by name, those whose name or UPN contains `q` when given. */
export async function listUsers(
  db: Kysely<Database>,
  organisationId: string,
  opts: { q?: string; page: number; pageSize: number } = { page: 1, pageSize: 1000 },
): Promise<{ users: UserView[]; total: number }> {
  let q = db.selectFrom('users').where('organisation_id', '=', organisationId);
  const text = opts.q?.trim();
  if (text) {
    const pattern = `%${likeLiteral(text)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('upn', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { users: rows.map(userView), total: Number(count.n) };
}

/** Who signed in, from verified claims. */
export interface SignedInIdentity {
  issuer: string;
  subject: string;
  upn: string;
  name: string;
  roles: Role[];
  teams: string[];
}

/**
 * Finds the user a sign-in belongs to (by the provider's stable id, else by UPN for a user an
 * admin created beforehand) or creates them, and brings name, roles and teams up to date.
 */
export async function provisionUser(db: Kysely<Database>, organisationId: string, who: SignedInIdentity): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const existing =
      (await trx.selectFrom('users').selectAll().where('issuer', '=', who.issuer).where('subject', '=', who.subject).executeTakeFirst()) ??
      (await trx
        .selectFrom('users')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where((eb) => eb(eb.fn('lower', ['upn']), '=', who.upn.toLowerCase()))
        .forUpdate()
        .executeTakeFirst());
    const fromClaims = who.roles.length > 0 || who.teams.length > 0;
    if (existing) {
      return trx
        .updateTable('users')
        .set({
          issuer: who.issuer,
          subject: who.subject,
          upn: who.upn,
          name: who.name,
          last_sign_in_at: new Date(),
          updated_at: new Date(),
          ...(fromClaims ? { roles: who.roles, teams: who.teams } : {}),
        })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    return trx
      .insertInto('users')
      .values({
        organisation_id: organisationId,
        issuer: who.issuer,
        subject: who.subject,
        upn: who.upn,
        name: who.name,
        email: who.upn.includes('@') ? who.upn : null,
        roles: who.roles,
        teams: who.teams,
        last_sign_in_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** What an admin sets on a user. */
export interface UserChange {
  name?: string;
  roles?: Role[];
  teams?: string[];
  disabled?: boolean;
}

/** Creates a user ahead of their first sign-in. Answers undefined when the UPN is taken. */
export async function createUser(
  db: Kysely<Database>,
  organisationId: string,
  u: { upn: string; name: string; roles: Role[]; teams: string[] },
): Promise<UserView | undefined> {
  const row = await db
    .insertInto('users')
    .values({
      organisation_id: organisationId,
      upn: u.upn.toLowerCase(),
      name: u.name,
      email: u.upn.includes('@') ? u.upn.toLowerCase() : null,
      roles: u.roles,
      teams: u.teams,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? userView(row) : undefined;
}

/** Changes a user of the organisation; undefined when there is none with that id. */
export async function updateUser(
  db: Kysely<Database>,
  organisationId: string,
  id: string,
  change: UserChange,
): Promise<UserView | undefined> {
  const row = await db
    .updateTable('users')
    .set({ ...change, updated_at: new Date() })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .returningAll()
    .executeTakeFirst();
  if (row && change.disabled) {
    // A disabled user's sessions end now, not when they expire.
    await db
      .updateTable('web_sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return row ? userView(row) : undefined;
}
