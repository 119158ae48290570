/**
 * @module
 * Sessions of people signed in to the web pages (`/send`, `/console`): a random secret in an
 * HttpOnly cookie, only its hash in the database, so signing out (or disabling the user) ends
 * the session at once in every process.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'brevdue_session';
/** How long a session lasts without signing in again (a working day and a bit). */
export const SESSION_HOURS = 10;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Starts a session; the returned secret goes into the cookie and is never stored. */
export async function createWebSession(
  db: Kysely<Database>,
  s: { userId: string; organisationId: string; idToken: string | null },
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('web_sessions')
    .values({
      id_hash: hash(secret),
      user_id: s.userId,
      organisation_id: s.organisationId,
      id_token: s.idToken,
      expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000),
    })
    .execute();
  return secret;
}

/** The live session of a cookie's secret, with its user; undefined when ended, expired or unknown. */
export async function findWebSession(db: Kysely<Database>, secret: string) {
  return db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.organisation_id', 's.id_token', 'u.id as user_id', 'u.name', 'u.roles', 'u.teams', 'u.disabled'])
    .where('s.id_hash', '=', hash(secret))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}

/** Ends a session (sign-out); answers whose it was and its ID token (the hint for ending it at the provider). */
export async function endWebSession(db: Kysely<Database>, secret: string) {
  return db
    .updateTable('web_sessions')
    .set({ revoked_at: new Date() })
    .where('id_hash', '=', hash(secret))
    .where('revoked_at', 'is', null)
    .returning(['id_token', 'user_id', 'organisation_id'])
    .executeTakeFirst();
}
