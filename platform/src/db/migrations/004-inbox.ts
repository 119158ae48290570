/**
 * @module
 * Received post (SF1606 and other inbound routes): the messages, their documents, and each
 * organisation's routing rules. A message is stored once per organisation and remote message
 * id (the unique index makes a redelivery a no-op); its documents name blobs that were made
 * durable before the transaction that inserts them.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inbound_messages (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      provider text not null,
      message_uuid text not null,
      sender_id_type text not null,
      sender_id text not null,
      sender_name text,
      recipient jsonb not null,
      subject text not null,
      contact_point text,
      routing jsonb not null default '{}'::jsonb,
      reply_data jsonb,
      reply_to_letter_id uuid references letters(id),
      reply_to_shipment_id uuid references shipments(id),
      forward_data jsonb,
      raw_sha256 text not null,
      raw_media_type text not null,
      accept_sha256 text,
      accept_media_type text,
      status text not null default 'unassigned' check (status in ('unassigned', 'assigned', 'done')),
      assigned_team text,
      assigned_user text,
      assigned_webhook text,
      created_at_remote timestamptz,
      received_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index inbound_messages_uuid_uq on inbound_messages (organisation_id, message_uuid)`.execute(db);
  await sql`create index inbound_messages_org_idx on inbound_messages (organisation_id, status, received_at desc, id desc)`.execute(db);
  await sql`create index inbound_messages_sender_idx on inbound_messages (organisation_id, sender_id)`.execute(db);
  await sql`create index inbound_messages_reply_idx on inbound_messages (reply_to_letter_id) where reply_to_letter_id is not null`.execute(
    db,
  );

  await sql`
    create table inbound_documents (
      id uuid primary key default gen_random_uuid(),
      message_id uuid not null references inbound_messages(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      position integer not null,
      role text not null,
      sha256 text not null,
      filename text not null,
      media_type text not null,
      bytes bigint not null,
      readable_pdf boolean not null,
      label text,
      unique (message_id, position)
    )`.execute(db);

  await sql`
    create table inbox_routing_rules (
      organisation_id uuid primary key references organisations(id),
      rules jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['inbox_routing_rules', 'inbound_documents', 'inbound_messages'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
