/**
 * @module
 * `GET /v1/letters` as a query: the caller's letters, newest change first, filtered as the error
 * list filters them, one page at a time by a keyset cursor (last change, id), so a page costs the
 * same however deep it is and a letter changing meanwhile is neither skipped twice nor repeated;
 * with the number of matches in all pages, counted up to a cap.
 */
import { type Kysely, sql } from 'kysely';
import type { LetterListQuery } from '@brevdue/shared/api';
import { lettersOwnedBy } from '../auth/ownership.ts';
import type { Database, Letter } from '../db/schema.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { badRequest } from '../http/api-error.ts';
import { LETTER_MESSAGES } from './letter-messages.ts';

interface Cursor {
  /** The last row's `updated_at` in microseconds since 1970 (JavaScript dates stop at milliseconds). */
  micros: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.micros}.${c.id}`).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  const m = /^(\d{1,20})\.([0-9a-f-]{36})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m) badRequest('cursor', LETTER_MESSAGES.badCursor);
  return { micros: m[1]!, id: m[2]! };
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Counting stops here: an exact count of a broad filter over many letters costs more than the page. */
export const LETTER_TOTAL_CAP = 10_000;

/**
 * One page of the caller's letters, the cursor of the next (null on the last page) and how many
 * match in all pages (counted up to {@link LETTER_TOTAL_CAP}).
 * `status=failed` leaves out failed letters already resent: they are worked off the error list.
 * @throws ApiError 400 for a cursor this query did not make.
 */
export async function listLetters(
  db: Kysely<Database>,
  auth: AuthInfo,
  f: LetterListQuery,
): Promise<{ letters: Letter[]; nextCursor: string | null; total: number; totalExact: boolean }> {
  if (f.from && f.to && Date.parse(f.from) >= Date.parse(f.to)) badRequest('from', LETTER_MESSAGES.fromAfterTo);
  let matching = db.selectFrom('letters').where(lettersOwnedBy(auth));
  if (f.status) matching = matching.where('status', '=', f.status);
  if (f.status === 'failed') {
    matching = matching.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('letters as r').select('r.id').whereRef('r.resend_of', '=', 'letters.id'))),
    );
  }
  if (f.shipment) matching = matching.where(sql<boolean>`letters.shipment_id::text like ${`${likeLiteral(f.shipment.toLowerCase())}%`}`);
  if (f.provider) matching = matching.where('provider', '=', f.provider);
  if (f.reason) matching = matching.where(sql<boolean>`letters.status_reason ilike ${`%${likeLiteral(f.reason)}%`}`);
  if (f.from) matching = matching.where('updated_at', '>=', new Date(f.from));
  if (f.to) matching = matching.where('updated_at', '<', new Date(f.to));
  let q = matching
    .selectAll()
    .select(sql<string>`(extract(epoch from letters.updated_at) * 1000000)::bigint::text`.as('updated_micros'))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    // One more than asked: whether there is a next page.
    .limit(f.limit + 1);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where(
      sql<boolean>`(letters.updated_at, letters.id) < (timestamptz 'epoch' + ${c.micros}::bigint * interval '1 microsecond', ${c.id}::uuid)`,
    );
  }
  const [rows, count] = await Promise.all([
    q.execute(),
    // Every page, not only the rest after the cursor: a list's "n in all" stays put while paging.
    db
      .selectFrom(
        matching
          .select(sql`1`.as('x'))
          .limit(LETTER_TOTAL_CAP + 1)
          .as('m'),
      )
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const n = Number(count.n);
  return {
    letters: page.map(({ updated_micros: _m, ...l }) => l),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ micros: last.updated_micros, id: last.id }) : null,
    total: Math.min(n, LETTER_TOTAL_CAP),
    totalExact: n <= LETTER_TOTAL_CAP,
  };
}
