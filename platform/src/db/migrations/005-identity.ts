/**
 * @module
 * Named staff and what they own: users with roles and teams (provisioned at first sign-in or by
 * an admin), web sessions, tokens with a team and an expiry, the creator and team of every
 * shipment and document (ownership), and the platform's own secrets (cookie and ticket keys).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('role').execute();
  await db.schema
    .alterTable('users')
    .addColumn('upn', 'text')
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('teams', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('issuer', 'text')
    .addColumn('subject', 'text')
    .addColumn('last_sign_in_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_org_upn_idx on users (organisation_id, lower(upn))`.execute(db);
  await sql`create unique index users_subject_idx on users (issuer, subject) where subject is not null`.execute(db);

  await db.schema
    .alterTable('api_tokens')
    .addColumn('team', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_by', 'text')
    .execute();

  // Shipments kept their creating token in created_by; documents kept no creator.
  await db.schema.alterTable('shipments').renameColumn('created_by', 'created_by_token').execute();
  await sql`alter table shipments alter column released_by type text`.execute(db);
  await db.schema
    .alterTable('shipments')
    .addColumn('created_by_user', 'uuid', (c) => c.references('users.id'))
    .addColumn('team', 'text')
    .execute();
  await db.schema
    .alterTable('documents')
    .addColumn('created_by_user', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_by_token', 'uuid', (c) => c.references('api_tokens.id'))
    .addColumn('team', 'text')
    .execute();
  await db.schema
    .createIndex('shipments_owner_idx')
    .on('shipments')
    .columns(['organisation_id', 'created_by_user', 'created_at'])
    .execute();
  await db.schema.createIndex('shipments_team_idx').on('shipments').columns(['organisation_id', 'team', 'created_at']).execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('id_token', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  // Counters of failed sign-ins per source address (rate-limiter-flexible's table layout).
  await db.schema
    .createTable('auth_failures')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();

  await db.schema
    .createTable('platform_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('platform_secrets').execute();
  await db.schema.dropTable('auth_failures').execute();
  await db.schema.dropTable('web_sessions').execute();
  await db.schema.alterTable('documents').dropColumn('created_by_user').dropColumn('created_by_token').dropColumn('team').execute();
  await db.schema.alterTable('shipments').dropColumn('created_by_user').dropColumn('team').execute();
  await db.schema.alterTable('shipments').renameColumn('created_by_token', 'created_by').execute();
  await db.schema.alterTable('api_tokens').dropColumn('team').dropColumn('expires_at').dropColumn('created_by').execute();
  await sql`drop index users_org_upn_idx`.execute(db);
  await sql`drop index users_subject_idx`.execute(db);
  await db.schema
    .alterTable('users')
    .dropColumn('upn')
    .dropColumn('roles')
    .dropColumn('teams')
    .dropColumn('disabled')
    .dropColumn('issuer')
    .dropColumn('subject')
    .dropColumn('last_sign_in_at')
    .dropColumn('updated_at')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('sender'))
    .execute();
}
