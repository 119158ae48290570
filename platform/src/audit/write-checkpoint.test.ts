import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrations } from '../db/migrations/index.ts';
import type { Database } from '../db/schema.ts';
import { auditHash, auditHashInput, writeAudit } from './write-audit.ts';
import { writeCheckpointIfDue } from './write-checkpoint.ts';
import { auditResultForOrganisation, verifyAuditChain } from './verify-audit-chain.ts';
import { type AuditSigningKey, auditVerifyKeys, loadAuditSigningKey } from './audit-signing-key.ts';

let db: Kysely<Database>;
const pem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyPem = pem();
const key = loadAuditSigningKey({ signingKey: keyPem }, {}) as AuditSigningKey;
const keys = auditVerifyKeys({ signingKey: keyPem, verifyKeys: [] }, {});
const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const every = { every: 5, minutes: 60 };

beforeAll(async () => {
  db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await createTestDatabase('auditcp') }) }),
  });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
});
afterAll(async () => db?.destroy());
beforeEach(async () => {
  await sql`truncate audit_log, audit_checkpoints restart identity`.execute(db);
});

async function entries(n: number, org = ORG_A): Promise<void> {
  for (let i = 0; i < n; i++) {
    await writeAudit(db, {
      organisationId: org,
      actor: 'user:u1',
      actorName: 'Else Hansen',
      action: 'letter.message.read',
      subjectType: 'letter',
      subjectId: `l${i}`,
      party: { idType: 'CPR', id: '0101904321' },
      sourceAddress: '10.0.0.7',
      documentSha256: 'a'.repeat(64),
    });
  }
}

const ids = async () => (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id));

/** What someone with database access does to hide an edit: recompute every hash from `fromId` on. */
async function recomputeFrom(fromId: number): Promise<void> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  let prev: string | null = null;
  for (const row of rows) {
    if (Number(row.id) >= fromId) {
      const hash = auditHash(auditHashInput({ ...row, prev_hash: prev, created_at: new Date(row.created_at) }));
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', row.id).execute();
      prev = hash;
    } else prev = row.hash;
  }
}

describe('writeCheckpointIfDue', () => {
  it('signs the head every N entries, and verify checks it', async () => {
    await entries(4);
    expect(await writeCheckpointIfDue(db, key, every)).toMatchObject({ id: 1, lastId: 4, count: 4 }); // the first one is due at once
    await entries(3);
    expect(await writeCheckpointIfDue(db, key, every)).toBeNull(); // 3 < 5 entries, 60 minutes not passed
    await entries(2);
    const cp = await writeCheckpointIfDue(db, key, every);
    expect(cp).toMatchObject({ id: 2, lastId: 9, count: 9, keyId: key.keyId });
    const r = await verifyAuditChain(db, { keys });
    expect(r).toMatchObject({
      ok: true,
      checked: 9,
      problems: [],
      warnings: [],
      checkpoints: { found: 2, verified: 2, unsignedEntries: 0, newest: { id: 2, lastId: 9 } },
    });
  });

  it('signs after M minutes with or without new entries, and on force only when something is new', async () => {
    await entries(1);
    const first = await writeCheckpointIfDue(db, key, every);
    expect(await writeCheckpointIfDue(db, key, { ...every, force: true })).toBeNull();
    const later = new Date(first!.signedAt.getTime() + 61 * 60_000);
    expect(await writeCheckpointIfDue(db, key, { ...every, now: later })).toMatchObject({ lastId: 1 });
    await entries(1);
    expect(await writeCheckpointIfDue(db, key, { ...every, force: true })).toMatchObject({ lastId: 2 });
  });

  it('writes nothing without a key, and verify warns but passes', async () => {
    await entries(3);
    expect(await writeCheckpointIfDue(db, null, every)).toBeNull();
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(true);
    expect(r.warnings.join()).toMatch(/ingen signeringsnøgle/);
    expect((await verifyAuditChain(db, { keys, locale: 'en' })).warnings).toEqual([
      'there are no signed checkpoints yet: a recomputed chain or a cut-off tail cannot be found',
    ]);
  });
});

describe('verifyAuditChain with checkpoints', () => {
  it('finds an edited row', async () => {
    await entries(6);
    await writeCheckpointIfDue(db, key, every);
    const [, , third] = await ids();
    await sql`update audit_log set party = '311299-XXXX' where id = ${third}`.execute(db);
    const r = await verifyAuditChain(db, { keys });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ id: third, reason: 'changed' })]);
    expect(r.problems[0]!.message).toContain(`auditpost ${third} er ændret`);
  });

  it('finds a chain rewritten with recomputed hashes through the signed checkpoint', async () => {
    await entries(5);
    await writeCheckpointIfDue(db, key, every); // checkpoint 1: entries 1-5
    await entries(5);
    await writeCheckpointIfDue(db, key, every); // checkpoint 2: entries 1-10
    await entries(2);
    await sql`update audit_log set actor = 'user:mallory' where id = 7`.execute(db);
    await recomputeFrom(7);
    // The chain alone is whole again: only the signed head shows the rewrite.
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const r = await verifyAuditChain(db, { keys, locale: 'en' });
    expect(r.problems).toEqual([expect.objectContaining({ id: 10, reason: 'rewritten', checkpointId: 2, organisationId: ORG_A })]);
    expect(r.problems[0]!.message).toBe(
      'checkpoint 2 signed entry 10 with another hash: the chain was rewritten with recomputed hashes after entry 5 and up to entry 10',
    );
  });

  it('finds a cut-off tail', async () => {
    await entries(8);
    await writeCheckpointIfDue(db, key, every); // signs entry 8
    await entries(3);
    await sql`delete from audit_log where id >= 6`.execute(db);
    const r = await verifyAuditChain(db, { keys, locale: 'en' });
    expect(r.problems).toEqual([expect.objectContaining({ id: 8, reason: 'cut', checkpointId: 1 })]);
    expect(r.problems[0]!.message).toBe('checkpoint 1 signed entry 8, but the log ends at entry 5: the tail was cut off');
  });

  it('finds entries deleted before a checkpoint, and the signed entry itself deleted', async () => {
    await entries(6);
    await writeCheckpointIfDue(db, key, every); // signs entry 6
    await entries(5);
    await writeCheckpointIfDue(db, key, every); // signs entry 11
    await sql`delete from audit_log where id = 6`.execute(db);
    const r = await verifyAuditChain(db, { keys });
    expect(r.problems.map((p) => [p.reason, p.id])).toEqual([
      ['cut', 6],
      ['unlinked', 7],
      ['cut', 11],
    ]);
    expect(r.problems[2]!.message).toContain('signerede 11 poster til og med post 11, men der er 10');
  });

  it('finds a forged checkpoint, warns of an unknown key and of deleted checkpoints', async () => {
    await entries(5);
    await writeCheckpointIfDue(db, key, every);
    await entries(5);
    await writeCheckpointIfDue(db, key, every);
    await entries(5);
    await writeCheckpointIfDue(db, key, every);
    await sql`update audit_checkpoints set count = 4 where id = 1`.execute(db);
    await sql`delete from audit_checkpoints where id = 2`.execute(db);
    const r = await verifyAuditChain(db, { keys, locale: 'en' });
    expect(r.problems).toEqual([expect.objectContaining({ reason: 'bad-signature', checkpointId: 1, id: null })]);
    expect(r.warnings).toEqual(['checkpoints 2–2 are missing: they may have been deleted']);
    const other = auditVerifyKeys({ signingKey: pem(), verifyKeys: [] }, {});
    const u = await verifyAuditChain(db, { keys: other, locale: 'en' });
    expect(u.checkpoints.verified).toBe(0);
    expect(u.warnings.some((w) => w.includes(`signed with an unknown key (${key.keyId})`))).toBe(true);
    // A retired key listed in verifyKeys still verifies its checkpoints.
    const retired = auditVerifyKeys(
      { signingKey: pem(), verifyKeys: [key.publicKey.export({ type: 'spki', format: 'pem' }).toString()] },
      {},
    );
    expect((await verifyAuditChain(db, { keys: retired })).checkpoints.verified).toBe(1); // 1 is forged, 2 deleted, 3 holds
  });

  it('warns when the newest checkpoint is stale, and counts unsigned entries', async () => {
    await entries(2);
    const cp = await writeCheckpointIfDue(db, key, every);
    await entries(3);
    const r = await verifyAuditChain(db, {
      keys,
      checkpointMinutes: 15,
      now: new Date(cp!.signedAt.getTime() + 31 * 60_000),
      locale: 'en',
    });
    expect(r.ok).toBe(true);
    expect(r.checkpoints.unsignedEntries).toBe(3);
    expect(r.warnings.join()).toMatch(/older than 2 × 15 minutes/);
  });

  it('keeps rows written before migration 006 verifiable, and finds new fields added to one', async () => {
    // A version 1 row as the old code wrote it: hash over the old fields only.
    const created_at = new Date('2026-01-02T03:04:05.678Z');
    const old = {
      v: 1,
      prev_hash: null,
      organisation_id: ORG_A,
      actor: 'cli',
      action: 'token.create',
      subject_type: 'token',
      subject_id: 't1',
      details: { role: 'admin' },
      created_at,
    };
    await db
      .insertInto('audit_log')
      .values({ ...old, details: JSON.stringify(old.details), hash: auditHash(auditHashInput(old)) })
      .execute();
    await entries(2);
    await writeCheckpointIfDue(db, key, every);
    expect(await verifyAuditChain(db, { keys })).toMatchObject({ ok: true, checked: 3 });
    const versions = (await db.selectFrom('audit_log').select('v').orderBy('id').execute()).map((r) => r.v);
    expect(versions).toEqual([1, 2, 2]);
    await sql`update audit_log set party = '010190-XXXX' where id = 1`.execute(db);
    expect((await verifyAuditChain(db, { keys })).problems).toEqual([expect.objectContaining({ id: 1, reason: 'changed' })]);
  });

  it("shows an organisation's auditor ids only of its own entries", async () => {
    await entries(3, ORG_A);
    await entries(3, ORG_B);
    await sql`update audit_log set action = 'x' where id in (2, 5)`.execute(db);
    const r = await verifyAuditChain(db, { keys, organisationId: ORG_A });
    expect(r.checked).toBe(3);
    const own = auditResultForOrganisation(r, ORG_A);
    expect(own.problems.map((p) => p.id)).toEqual([2, null]);
    expect(own.problems[1]!.message).toMatch(/anden organisation/);
    expect(own.lastId).toBeNull();
  });
});

describe('entries', () => {
  it('stores the party masked only, with the source address and the document checksum', async () => {
    await entries(1);
    const row = await db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      party_id_type: 'CPR',
      party: '010190-XXXX',
      source_address: '10.0.0.7',
      document_sha256: 'a'.repeat(64),
      actor_name: 'Else Hansen',
      v: 2,
    });
    expect(JSON.stringify(row)).not.toContain('0101904321');
  });

  it('refuses a malformed checksum naming the field, and writes nothing', async () => {
    await expect(writeAudit(db, { organisationId: ORG_A, actor: 'system', action: 'x', documentSha256: 'abc' })).rejects.toThrow(
      /^documentSha256: /,
    );
    expect(await ids()).toEqual([]);
  });
});
