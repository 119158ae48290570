/**
 * @module
 * Copies of letters (issue 14): a copy is a letter like any other, sent to a custody holder of a
 * child (`guardian`) or to someone the sender named (`manual`), pointing at the letter it copies.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('letters')
    // The letter this one is a copy of; its recipient's case files the copy too.
    .addColumn('copy_of', 'uuid', (c) => c.references('letters.id'))
    .addColumn('copy_kind', 'text', (c) => c.check(sql`copy_kind in ('guardian', 'manual')`))
    .execute();
  await sql`alter table letters add constraint letters_copy_kind_with_copy_of check ((copy_of is null) = (copy_kind is null))`.execute(db);
  await db.schema.createIndex('letters_copy_of_idx').on('letters').column('copy_of').where(sql.ref('copy_of'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('letters_copy_of_idx').execute();
  await db.schema.alterTable('letters').dropConstraint('letters_copy_kind_with_copy_of').execute();
  await db.schema.alterTable('letters').dropColumn('copy_of').dropColumn('copy_kind').execute();
}
