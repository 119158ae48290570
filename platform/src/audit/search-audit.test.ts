import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrations } from '../db/migrations/index.ts';
import type { Database } from '../db/schema.ts';
import { featureApp, testAuth } from '../../test/feature-app.ts';
import { type AuditEntry, writeAudits } from './write-audit.ts';
import { searchAudit } from './search-audit.ts';
import { auditRoutes } from './audit-routes.ts';
import { auditCsv } from './audit-csv.ts';

let db: Kysely<Database>;
const ORG = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';

beforeAll(async () => {
  db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await createTestDatabase('auditq') }) }),
  });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  const e = (i: number, over: Partial<AuditEntry>): AuditEntry => ({
    organisationId: ORG,
    actor: 'user:alice',
    action: 'letter.message.read',
    subjectType: 'letter',
    subjectId: `letter-${i}`,
    ...over,
  });
  const list: AuditEntry[] = [];
  for (let i = 1; i <= 30; i++) list.push(e(i, {}));
  list.push(
    e(31, { actor: 'token:t1', actorName: 'ESDH-integration', action: 'shipment.create', subjectType: 'shipment', subjectId: 'ship-1' }),
  );
  list.push(
    e(32, {
      action: 'letter.receipt.read',
      party: { idType: 'CPR', id: '010190-4321' },
      details: { note: '=cmd|calc', quote: 'say "hi", then\nleave' },
    }),
  );
  list.push(e(33, { action: 'letterbox.read', party: { idType: 'CVR', id: '29189846' } }));
  list.push(e(34, { action: 'letter.message.read', party: { idType: 'FNR', id: '01019012345' }, sourceAddress: '192.0.2.1' }));
  list.push(e(35, { organisationId: OTHER, actor: 'user:mallory', party: { idType: 'CPR', id: '0101904321' } }));
  await writeAudits(db, list);
  // Entries 1-10 are from November, the rest from December.
  await sql`update audit_log set created_at = '2026-11-15T12:00:00Z' where id <= 10`.execute(db);
  await sql`update audit_log set created_at = '2026-12-02T12:00:00Z' where id > 10`.execute(db);
});
afterAll(async () => db?.destroy());

describe('searchAudit', () => {
  it('pages one organisation newest first with the total', async () => {
    const p1 = await searchAudit(db, ORG, { page: 1, pageSize: 10 });
    expect(p1.total).toBe(34);
    expect(p1.items.map((i) => i.id)).toEqual([34, 33, 32, 31, 30, 29, 28, 27, 26, 25]);
    const p4 = await searchAudit(db, ORG, { page: 4, pageSize: 10 });
    expect(p4.items.map((i) => i.id)).toEqual([4, 3, 2, 1]);
    expect((await searchAudit(db, ORG, { page: 5, pageSize: 10 })).items).toEqual([]);
  });

  it('filters by actor, object, action family and prefix, and time', async () => {
    expect((await searchAudit(db, ORG, { actor: 'token:t1' })).items).toEqual([
      expect.objectContaining({ id: 31, actorName: 'ESDH-integration', subjectId: 'ship-1' }),
    ]);
    expect((await searchAudit(db, ORG, { objectId: 'letter-7' })).items.map((i) => i.id)).toEqual([7]);
    expect((await searchAudit(db, ORG, { action: 'letter.' })).total).toBe(32);
    // `letter` is the family letter.*, not letterbox.
    expect((await searchAudit(db, ORG, { action: 'letter' })).total).toBe(32);
    expect((await searchAudit(db, ORG, { action: 'letter.receipt.read' })).items.map((i) => i.id)).toEqual([32]);
    expect((await searchAudit(db, ORG, { from: new Date('2026-12-01'), to: new Date('2026-12-03') })).total).toBe(24);
    expect((await searchAudit(db, ORG, { to: new Date('2026-12-01') })).total).toBe(10);
  });

  it('matches a party given in full on its masked form, within the organisation', async () => {
    const cpr = await searchAudit(db, ORG, { party: '0101904321' });
    expect(cpr.items).toEqual([expect.objectContaining({ id: 32, party: { idType: 'CPR', id: '010190-XXXX' } })]);
    expect((await searchAudit(db, ORG, { party: '010190-XXXX' })).items.map((i) => i.id)).toEqual([32]);
    expect((await searchAudit(db, ORG, { party: '29189846' })).items.map((i) => i.id)).toEqual([33]);
    expect((await searchAudit(db, ORG, { party: '010190 12345' })).items).toEqual([
      expect.objectContaining({ id: 34, party: { idType: 'FNR', id: '010190-XXXXX' }, sourceAddress: '192.0.2.1' }),
    ]);
    expect((await searchAudit(db, OTHER, { party: '0101904321' })).items.map((i) => i.id)).toEqual([35]);
  });

  it('exports in keyset batches without losing or repeating an entry', async () => {
    let text = '';
    for await (const chunk of auditCsv(db, ORG, { action: 'letter.' }, { batch: 7 })) text += chunk;
    const ids = text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    expect(ids).toEqual((await searchAudit(db, ORG, { action: 'letter.', pageSize: 500 })).items.map((i) => i.id));
    expect(ids).toHaveLength(32);
  });

  it('refuses a page size out of range naming the field', async () => {
    await expect(searchAudit(db, ORG, { pageSize: 501 })).rejects.toThrow(/^pageSize: /);
  });
});

describe('GET /v1/audit', () => {
  const app = (org = ORG) => {
    const a = featureApp(
      testAuth({ organisationId: org, roles: ['auditor'], userId: 'u', actor: 'user:u', name: 'Revisor', via: 'session' }),
    );
    a.route('/v1/audit', auditRoutes({ db }));
    return a;
  };

  it('answers a page as JSON with the filters applied', async () => {
    const res = await app().request('/v1/audit?action=letter.&from=2026-12-01&pageSize=5&page=2');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: number }[]; total: number; page: number; pageSize: number };
    expect(body).toMatchObject({ total: 22, page: 2, pageSize: 5 });
    expect(body.items.map((i) => i.id)).toEqual([27, 26, 25, 24, 23]);
  });

  it('names the field of a bad filter', async () => {
    const res = await app().request('/v1/audit?from=yesterday');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field: 'from' } });
  });

  it('exports every match as formula-safe RFC 4180 CSV', async () => {
    const res = await app().request('/v1/audit?format=csv&lang=en&action=letter.receipt.read');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark, for spreadsheets
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toBe('id,time,actor,actor name,action,object type,object id,party type,party,source address,document sha256,details');
    expect(lines[1]).toBe(
      '32,2026-12-02T12:00:00.000Z,user:alice,,letter.receipt.read,letter,letter-32,CPR,010190-XXXX,,,' +
        '"{""note"":""=cmd|calc"",""quote"":""say \\""hi\\"", then\\nleave""}"',
    );
    expect(lines.slice(2)).toEqual(['']);
  });

  it('exports every match, and only the organisation’s own', async () => {
    const text = await (await app().request('/v1/audit?format=csv')).text();
    const ids = text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    expect(ids).toHaveLength(34);
    expect(ids[0]).toBe(34);
    expect(ids).not.toContain(35);
  });
});
