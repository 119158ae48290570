/**
 * @module
 * Small blobs (wire messages, provider answers, receipt PDFs) kept in PostgreSQL beside the
 * rows that name them: each is durable with the database's own commit, and a backup of the
 * database holds the proof of what was sent. Larger blobs stay on disk (blob/inline-blob-store.ts).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inline_blobs (
      sha256 text primary key,
      body bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table inline_blobs`.execute(db);
}
