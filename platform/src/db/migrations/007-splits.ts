/**
 * @module
 * Merge letters (issue 14): splits of a merged PDF into one document per letter, with their
 * progress and a heartbeat (a split whose process died is seen as failed, never running
 * forever); each letter's own documents; and why a letter is held (the leak guard's holds are
 * not released with a batch run).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('splits')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id'))
    // The source document's owner: whoever sees the document sees its split and its letters.
    .addColumn('created_by_user', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_by_token', 'uuid', (c) => c.references('api_tokens.id'))
    .addColumn('team', 'text')
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('running'))
    .addColumn('progress_pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_of', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('letters', 'jsonb')
    .addColumn('unassigned_pages', 'jsonb')
    .addColumn('error', 'jsonb')
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('splits_org_idx').on('splits').columns(['organisation_id', 'created_at']).execute();
  await db.schema
    .alterTable('letters')
    // `{ "document"?: uuid, "attachments": uuid[] }`: the recipient's own documents; null: the shipment's.
    .addColumn('own_documents', 'jsonb')
    // Why a `held` letter is held: null for a batch run awaiting review, `leak_guard` for a letter
    // carrying another person's CPR number (not released with the batch run).
    .addColumn('hold', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('letters').dropColumn('own_documents').dropColumn('hold').execute();
  await db.schema.dropTable('splits').execute();
}
