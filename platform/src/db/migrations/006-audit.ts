/**
 * @module
 * The audit log of issue 13: who read and changed what, about whom (the party, masked), from
 * where, and the SHA-256 of a document an entry names; plus the signed checkpoints of the hash
 * chain. `v` tells the hash input of a row: 1 for rows written before this migration (their hash
 * does not cover the new columns and must stay verifiable), 2 for rows written after it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('v', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('actor_name', 'text')
    .addColumn('party_id_type', 'text')
    .addColumn('party', 'text')
    .addColumn('source_address', 'text')
    .addColumn('document_sha256', 'text')
    .execute();
  // The audit screen's filters, each within one organisation, newest first.
  await sql`create index audit_log_org_subject_idx on audit_log (organisation_id, subject_id, id)`.execute(db);
  await sql`create index audit_log_org_party_idx on audit_log (organisation_id, party, id) where party is not null`.execute(db);
  await sql`create index audit_log_org_actor_idx on audit_log (organisation_id, actor, id)`.execute(db);
  await sql`create index audit_log_org_action_idx on audit_log (organisation_id, action text_pattern_ops, id)`.execute(db);
  await sql`create index audit_log_org_time_idx on audit_log (organisation_id, created_at)`.execute(db);

  await sql`
    create table audit_checkpoints (
      id bigserial primary key,
      last_id bigint not null,
      head_hash text not null,
      count bigint not null,
      signed_at timestamptz not null,
      signature text not null,
      key_id text not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
  for (const i of ['subject', 'party', 'actor', 'action', 'time']) await sql.raw(`drop index if exists audit_log_org_${i}_idx`).execute(db);
  await db.schema
    .alterTable('audit_log')
    .dropColumn('v')
    .dropColumn('actor_name')
    .dropColumn('party_id_type')
    .dropColumn('party')
    .dropColumn('source_address')
    .dropColumn('document_sha256')
    .execute();
}
