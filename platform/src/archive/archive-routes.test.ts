import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import yauzl from 'yauzl';
import { archiveLetter } from './archive-letter.ts';
import { type ArchiveFixture, createArchiveFixture } from '../../test/archive-fixture.ts';
import type { AuthInfo } from '../http/app-env.ts';

let f: ArchiveFixture;
let orgA: string;
let orgB: string;
let senderA: AuthInfo;
let otherSenderA: AuthInfo;
let letterIds: string[];
const H = (auth: AuthInfo) => f.login(auth).headers;

beforeAll(async () => {
  f = await createArchiveFixture();
  orgA = await f.createOrganisation('Skanderborg Kommune');
  orgB = await f.createOrganisation('Odder Kommune');
  senderA = await f.createToken(orgA, 'sender');
  otherSenderA = await f.createToken(orgA, 'sender', true);
  letterIds = await f.insertSentShipment({
    organisationId: orgA,
    createdBy: senderA,
    subject: 'Indkaldelse til skolesamtale',
    recipients: [
      { idType: 'CPR', id: '0101904321', name: 'Anna Andersen' },
      { idType: 'CPR', id: '0202855678', name: 'Bo Berg' },
      { idType: 'CPR', id: '1503001234', name: 'Carl Carlsen' },
    ],
    documents: [
      { filename: 'indkaldelse.pdf', body: Buffer.from('%PDF-1.4 indkaldelse') },
      { filename: 'kort.pdf', body: Buffer.from('%PDF-1.4 kort') },
    ],
  });
  await f.db.transaction().execute(async (trx) => {
    for (const id of letterIds) await archiveLetter(trx, f.rt, id);
  });
});
afterAll(async () => f?.close());

const archivist = () => f.login({ organisationId: orgA, role: 'archivist' }).headers;
const get = (path: string, headers: Record<string, string>) => f.app.request(`/v1/archive${path}`, { headers });

describe('archive API', () => {
  it('lists a party’s records with letterId, documents, receipt and download links', async () => {
    const res = await get('/records?party=010190-4321', archivist());
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      total: number;
      items: Array<{
        letterId: string;
        documents: Array<{ role: string; href: string; sha256: string }>;
        receipt: { href: string } | null;
        party: { masked: string };
      }>;
    };
    expect(body.total).toBe(1);
    const rec = body.items[0]!;
    expect(rec.letterId).toBe(letterIds[0]);
    expect(rec.party.masked).toBe('010190-XXXX');
    expect(rec.documents.map((d) => d.role)).toEqual(['letter', 'attachment', 'wire-message', 'provider-receipt', 'receipt']);
    expect(rec.receipt?.href).toMatch(/^\/v1\/archive\/documents\/[0-9a-f-]+\/content$/);

    const dl = await f.app.request(rec.documents[0]!.href, { headers: archivist() });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).toString()).toBe('%PDF-1.4 indkaldelse');
    expect(dl.headers.get('x-content-sha256')).toBe(rec.documents[0]!.sha256);
    const audit = await f.db.selectFrom('audit_log').selectAll().where('action', '=', 'archive.document.read').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('0101904321');
  });

  it('searches by subject words, name, date range and status', async () => {
    const h = archivist();
    const count = async (q: string) => ((await (await get(`/records?${q}`, h)).json()) as { total: number }).total;
    expect(await count('subject=skole%20indkald')).toBe(3);
    expect(await count('subject=tandlæge')).toBe(0);
    expect(await count('name=berg')).toBe(1);
    expect(await count(`from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`)).toBe(
      3,
    );
    expect(await count('from=2000-01-01&to=2000-02-01')).toBe(0);
    expect(await count('status=failed')).toBe(0);
    expect(await count('status=delivered_digital&pageSize=2')).toBe(3);
    const bad = await get('/records?from=yesterday', h);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('from');
  });

  it('shows a sender only the letters they sent', async () => {
    const mine = (await (await get('/records', H(senderA))).json()) as { total: number };
    expect(mine.total).toBe(3);
    const theirs = (await (await get('/records', H(otherSenderA))).json()) as { total: number };
    expect(theirs.total).toBe(0);
    const rec = await f.db
      .selectFrom('archive_records')
      .select(['id', 'case_id'])
      .where('letter_id', '=', letterIds[0]!)
      .executeTakeFirstOrThrow();
    expect((await get(`/records/${rec.id}`, H(otherSenderA))).status).toBe(404);
    expect((await get(`/cases/${rec.case_id}`, H(otherSenderA))).status).toBe(404);
    expect((await get(`/cases/${rec.case_id}`, H(senderA))).status).toBe(200);
    const exp = await f.app.request('/v1/archive/exports', {
      method: 'POST',
      headers: { ...H(senderA), 'content-type': 'application/json' },
      body: JSON.stringify({ caseId: rec.case_id }),
    });
    expect(exp.status).toBe(403);
  });

  it('gives a second organisation nothing on any archive endpoint', async () => {
    const rec = await f.db
      .selectFrom('archive_records')
      .select(['id', 'case_id'])
      .where('letter_id', '=', letterIds[0]!)
      .executeTakeFirstOrThrow();
    const doc = await f.db.selectFrom('archive_documents').select('id').where('record_id', '=', rec.id).executeTakeFirstOrThrow();
    const json = { 'content-type': 'application/json' };
    for (const role of ['admin', 'archivist', 'auditor', 'sender'] as const) {
      const h = f.login({ organisationId: orgB, role }).headers;
      const list = await get('/records', h);
      expect(list.status).toBe(200);
      expect(((await list.json()) as { total: number }).total).toBe(0);
      expect(((await (await get('/records?party=0101904321', h)).json()) as { items: unknown[] }).items).toEqual([]);
      expect((await get(`/records/${rec.id}`, h)).status).toBe(404);
      expect((await get(`/documents/${doc.id}/content`, h)).status).toBe(404);
      expect((await get(`/cases/${rec.case_id}`, h)).status).toBe(404);
      if (role === 'admin') {
        expect((await get('/insight?party=0101904321', h)).status).toBe(404);
        const exp = await f.app.request('/v1/archive/exports', {
          method: 'POST',
          headers: { ...h, ...json },
          body: JSON.stringify({ caseId: rec.case_id }),
        });
        expect(exp.status).toBe(404);
        const range = await f.app.request('/v1/archive/exports', {
          method: 'POST',
          headers: { ...h, ...json },
          body: JSON.stringify({ from: '2000-01-01', to: '2100-01-01' }),
        });
        expect(((await range.json()) as { records: number }).records).toBe(0);
        expect(((await (await get('/exports', h)).json()) as { total: number }).total).toBe(0);
        expect(((await (await get('/retention-rules', h)).json()) as { rules: unknown[] }).rules).toEqual([]);
        const run = await f.app.request('/v1/archive/retention/run?dryRun=true', { method: 'POST', headers: h });
        expect(((await run.json()) as { documents: unknown[] }).documents).toEqual([]);
        for (const p of [`/cases/${rec.case_id}/legal-hold`, `/records/${rec.id}/legal-hold`]) {
          const hold = await f.app.request(`/v1/archive${p}`, {
            method: 'POST',
            headers: { ...h, ...json },
            body: JSON.stringify({ hold: true, reason: 'probe' }),
          });
          expect(hold.status).toBe(404);
        }
        const verify = (await (await get('/audit/verify', h)).json()) as Record<string, unknown>;
        expect(Object.keys(verify).sort()).toEqual(['checked', 'ok']);
      }
    }
    const held = await f.db.selectFrom('cases').select('legal_hold').where('id', '=', rec.case_id).executeTakeFirstOrThrow();
    expect(held.legal_hold).toBe(false);
    expect(await f.db.selectFrom('archive_exports').selectAll().where('organisation_id', '=', orgB).execute()).toEqual([]);
  });

  it('exports an insight ZIP with every document about one CPR', async () => {
    const res = await get('/insight?party=0202855678', f.login({ organisationId: orgA, role: 'archivist' }).headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    const names = [...entries.keys()];
    expect(names).toContain('index.json');
    expect(names.filter((n) => n !== 'index.json')).toHaveLength(5);
    expect([...entries.values()].some((b) => b.toString() === '%PDF-1.4 indkaldelse')).toBe(true);
    const index = JSON.parse(entries.get('index.json')!.toString()) as { records: Array<{ letterId: string }> };
    expect(index.records.map((r) => r.letterId)).toEqual([letterIds[1]]);
    expect(JSON.stringify(index)).not.toContain('0101904321');
  });

  it('finds a tampered audit row', async () => {
    const h = f.login({ organisationId: orgA, role: 'auditor' }).headers;
    const ok = (await (await get('/audit/verify', h)).json()) as { ok: boolean; checked: number };
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(3);
    const victim = await f.db.selectFrom('audit_log').select('id').where('action', '=', 'archive.document.read').executeTakeFirstOrThrow();
    await sql`update audit_log set details = jsonb_set(details, '{role}', '"attachment"') where id = ${victim.id}`.execute(f.db);
    const broken = (await (await get('/audit/verify', h)).json()) as { ok: boolean; brokenAt: { id: number; reason: string } };
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt).toMatchObject({ id: Number(victim.id), reason: 'changed' });
    // Another organisation's auditor learns that the shared chain is broken, not where; the whole chain is walked, and only its own entries are counted.
    const other = (await (await get('/audit/verify', f.login({ organisationId: orgB, role: 'auditor' }).headers)).json()) as {
      ok: boolean;
      checked: number;
      brokenAt: Record<string, unknown>;
    };
    const own = await f.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', orgB)
      .executeTakeFirstOrThrow();
    expect(other).toMatchObject({
      ok: false,
      checked: Number(own.n),
      brokenAt: { reason: 'changed', message: expect.stringContaining('another organisation') },
    });
    expect(other.brokenAt.id).toBeUndefined();
    expect(other.checked).toBeLessThan(ok.checked);
  });
});

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
