/**
 * @module
 * The built-in archive: cases per party, archive records (letters sent and, later, received),
 * their documents, export jobs per record and target, and retention rules.
 *
 * Search indexes: btree for party, dates, status and sender; trigram (pg_trgm) for subject and
 * party name `ILIKE '%word%'` when the server offers the extension (the embedded PostgreSQL
 * does; on a server without it the search still works, by scanning the organisation's rows).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const trgm = await sql<{ ok: boolean }>`select exists (select 1 from pg_available_extensions where name = 'pg_trgm') as ok`.execute(db);
  const hasTrgm = trgm.rows[0]?.ok === true;
  if (hasTrgm) await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      party_type text not null,
      party_id text not null,
      party_name text,
      legal_hold boolean not null default false,
      created_at timestamptz not null default now(),
      last_activity_at timestamptz not null default now(),
      unique (organisation_id, party_type, party_id)
    )`.execute(db);
  // Party lookups come with a bare number (CPR or CVR) whose type the caller may not know.
  await sql`create index cases_party_idx on cases (organisation_id, party_id)`.execute(db);

  await sql`
    create table archive_records (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      case_id uuid not null references cases(id),
      direction text not null check (direction in ('outgoing', 'incoming')),
      source_key text not null,
      letter_id uuid references letters(id),
      subject text not null,
      occurred_at timestamptz not null,
      channel text,
      provider text,
      provider_message_id text,
      status text,
      sender_ref text not null,
      sender_name text,
      legal_hold boolean not null default false,
      created_at timestamptz not null default now(),
      unique (organisation_id, source_key)
    )`.execute(db);
  await sql`create index archive_records_case_idx on archive_records (case_id, occurred_at desc, id desc)`.execute(db);
  await sql`create index archive_records_org_time_idx on archive_records (organisation_id, occurred_at desc, id desc)`.execute(db);
  await sql`create index archive_records_org_status_idx on archive_records (organisation_id, status, occurred_at desc)`.execute(db);
  await sql`create index archive_records_org_sender_idx on archive_records (organisation_id, sender_ref, occurred_at desc)`.execute(db);
  await sql`create index archive_records_letter_idx on archive_records (letter_id)`.execute(db);
  if (hasTrgm) {
    await sql`create index archive_records_subject_trgm on archive_records using gin (subject gin_trgm_ops)`.execute(db);
    await sql`create index cases_party_name_trgm on cases using gin (party_name gin_trgm_ops)`.execute(db);
  }

  await sql`
    create table archive_documents (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      record_id uuid not null references archive_records(id),
      role text not null check (role in ('letter', 'attachment', 'receipt', 'provider-receipt', 'wire-message')),
      kind text not null,
      sha256 text not null,
      filename text not null,
      media_type text not null,
      bytes bigint not null,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index archive_documents_record_idx on archive_documents (record_id, position)`.execute(db);
  await sql`create index archive_documents_sha_idx on archive_documents (sha256) where deleted_at is null`.execute(db);
  await sql`create index archive_documents_org_kind_idx on archive_documents (organisation_id, kind) where deleted_at is null`.execute(db);

  await sql`
    create table archive_exports (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      record_id uuid not null references archive_records(id),
      target text not null,
      status text not null default 'pending' check (status in ('pending', 'exported', 'failed')),
      attempts integer not null default 0,
      last_error text,
      error_code text,
      external_id text,
      external_case_id text,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      exported_at timestamptz,
      unique (record_id, target)
    )`.execute(db);
  await sql`create index archive_exports_org_status_idx on archive_exports (organisation_id, status, target)`.execute(db);

  await sql`
    create table retention_rules (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      document_kind text not null,
      keep_years integer not null check (keep_years > 0 and keep_years <= 200),
      after text not null default 'last_activity' check (after in ('last_activity')),
      updated_at timestamptz not null default now(),
      unique (organisation_id, document_kind)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['retention_rules', 'archive_exports', 'archive_documents', 'archive_records', 'cases']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
