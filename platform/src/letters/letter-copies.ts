/**
 * @module
 * What a copy letter may carry that another letter may not: a guardian copy is the child's
 * letter, so the child's CPR number in it is no leak. The send worker's leak guard asks here.
 */
import type { Kysely } from 'kysely';
import type { Database, Letter } from '../db/schema.ts';

/**
 * CPR numbers each letter may carry besides its recipient's, in the order given: for a guardian
 * copy its original's recipient (the child); nothing for other letters. One query, and none when
 * no letter is a guardian copy.
 * @example const allowed = await alsoAllowedOf(db, letters); leakGuard.check(letters.map((l, i) => ({ ..., alsoAllowed: allowed[i] })));
 */
export async function alsoAllowedOf(db: Kysely<Database>, letters: readonly Pick<Letter, 'copy_of' | 'copy_kind'>[]): Promise<string[][]> {
  const originals = [...new Set(letters.flatMap((l) => (l.copy_kind === 'guardian' && l.copy_of ? [l.copy_of] : [])))];
  const rows = originals.length
    ? await db.selectFrom('letters').select(['id', 'recipient_type', 'recipient_id']).where('id', 'in', originals).execute()
    : [];
  const child = new Map(rows.filter((r) => r.recipient_type === 'CPR').map((r) => [r.id, r.recipient_id]));
  return letters.map((l) => {
    const cpr = l.copy_kind === 'guardian' && l.copy_of ? child.get(l.copy_of) : undefined;
    return cpr ? [cpr] : [];
  });
}
