/**
 * @module
 * When the status poller last asked a provider about a letter. The poller took its turns by
 * `updated_at` and set it on every round, so a delivered letter never left its 30-day window (it
 * was asked about for ever, 500 letters a round) and the letters list, ordered and filtered by
 * `updated_at`, showed letters as changed that had not changed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('letters').addColumn('polled_at', 'timestamptz').execute();
  // The poller's question: a provider's letters that may still change, changed in the last 30 days.
  await sql`create index letters_poll_idx on letters (provider, updated_at)
            where status in ('submitted', 'delivered_digital', 'delivered_print') and provider_message_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index letters_poll_idx`.execute(db);
  await db.schema.alterTable('letters').dropColumn('polled_at').execute();
}
