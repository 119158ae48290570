/**
 * @module
 * Secrets the platform makes for itself (keys that seal cookies and sign stream tickets), kept
 * in the database so every process uses the same ones and a restart keeps sessions valid.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The secret named `name`, made (32 random bytes, base64url) the first time any process asks. */
export async function platformSecret(db: Kysely<Database>, name: string): Promise<string> {
  await db
    .insertInto('platform_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await db.selectFrom('platform_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
}
