import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrations } from '../db/migrations/index.ts';
import type { Database } from '../db/schema.ts';
import { writeAudit } from './write-audit.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

let db: Kysely<Database>;
beforeAll(async () => {
  db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await createTestDatabase('audit') }) }),
  });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
});
afterAll(async () => db?.destroy());

async function fresh(n: number): Promise<number[]> {
  await sql`truncate audit_log restart identity`.execute(db);
  // Keys in an order jsonb will not keep: the hash must not depend on it.
  for (let i = 0; i < n; i++)
    await writeAudit(db, {
      organisationId: null,
      actor: 'system',
      action: 'test.entry',
      subjectId: String(i),
      details: { zeta: i, alpha: { b: 1, a: [2, { y: 1, x: 0 }] } },
    });
  return (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id));
}

describe('verifyAuditChain', () => {
  it('accepts an untouched chain', async () => {
    await fresh(12);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 12 });
  });

  it('finds a changed row', async () => {
    const ids = await fresh(6);
    await sql`update audit_log set actor = 'mallory' where id = ${ids[3]}`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { id: ids[3], reason: 'changed' } });
  });

  it('finds a deleted row at the next one', async () => {
    const ids = await fresh(6);
    await sql`delete from audit_log where id = ${ids[2]}`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { id: ids[3], reason: 'unlinked' } });
  });

  it('finds a deleted first row', async () => {
    const ids = await fresh(3);
    await sql`delete from audit_log where id = ${ids[0]}`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { id: ids[1], reason: 'unlinked' } });
  });

  it('finds reordered rows', async () => {
    const ids = await fresh(5);
    // Swap the contents of rows 2 and 3 (hashes move with them): each is now out of place.
    await sql`update audit_log set id = -1 where id = ${ids[1]}`.execute(db);
    await sql`update audit_log set id = ${ids[1]} where id = ${ids[2]}`.execute(db);
    await sql`update audit_log set id = ${ids[2]} where id = -1`.execute(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { id: ids[1], reason: 'unlinked' } });
  });
});
