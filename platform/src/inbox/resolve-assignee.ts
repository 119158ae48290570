/**
 * @module
 * The user a message is assigned to, as the inbox stores it: the user's id. A team lead may give
 * the id or the sign-in name (UPN, as `GET /v1/users` lists it); a name nobody has is refused, so
 * post is never handed to someone who cannot see it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { RequestLang } from '../http/request-lang.ts';
import { inboxText } from './messages.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the organisation's user named by `user` (id or UPN, any case).
 * @example await resolveAssignee(db, orgId, 'anna@kommune.dk') // → '5f0c…'
 * @throws ApiError 400 naming `field` (default `user`) when the organisation has no such user.
 */
export async function resolveAssignee(
  db: Kysely<Database>,
  orgId: string,
  user: string,
  lang: RequestLang = 'da',
  field = 'user',
): Promise<string> {
  const given = user.trim();
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', orgId)
    .where((eb) => (UUID.test(given) ? eb('id', '=', given.toLowerCase()) : eb(eb.fn('lower', ['upn']), '=', given.toLowerCase())))
    .executeTakeFirst();
  if (!row) throw new ApiError(400, 'invalid_request', inboxText(lang).unknownUser(given), { field });
  return row.id;
}
