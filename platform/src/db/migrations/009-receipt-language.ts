/**
 * @module
 * The language of an organisation's receipt PDFs: one language per receipt, Danish unless the
 * organisation chose English or Norwegian bokmål.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('receipt_language', 'text', (c) =>
      c
        .notNull()
        .defaultTo('da')
        .check(sql`receipt_language in ('da', 'en', 'nb')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('receipt_language').execute();
}
