/**
 * What the console's Arkiv needs of the archive API: search by channel and case, a case's sent
 * and received records paged, the targets configured, a case's exports, insight by case, and
 * a retention dry run whose list is paged (and deletes nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { archiveLetter } from './archive-letter.ts';
import { fileRecord } from './file-record.ts';
import { type ArchiveFixture, createArchiveFixture } from '../../test/archive-fixture.ts';
import type { ArchiveCase, ArchiveExportPage, ArchiveRecordPage, ArchiveTargets, RetentionReportView } from '@brevdue/shared/api';

let f: ArchiveFixture;
let orgA: string;
let orgB: string;
let caseId: string;
const CPR = '0101904321';

beforeAll(async () => {
  f = await createArchiveFixture({ autoExport: false });
  orgA = await f.createOrganisation('Skanderborg Kommune');
  orgB = await f.createOrganisation('Odder Kommune');
  const sender = await f.createToken(orgA, 'sender');
  const letters: string[] = [];
  // Three letters to one party: three records in one case.
  for (const subject of ['Indkaldelse', 'Påmindelse', 'Afgørelse'])
    letters.push(
      ...(await f.insertSentShipment({ organisationId: orgA, createdBy: sender, subject, recipients: [{ idType: 'CPR', id: CPR }] })),
    );
  await f.db.transaction().execute(async (trx) => {
    for (const id of letters) await archiveLetter(trx, f.rt, id);
  });
  // And a reply received from the party, filed in the same case.
  const body = await f.blobs.putBuffer(Buffer.from('%PDF-1.4 svar'));
  const filed = await f.db.transaction().execute((trx) =>
    fileRecord(trx, f.rt, {
      organisationId: orgA,
      party: { idType: 'CPR', id: CPR, name: 'Anna Andersen' },
      direction: 'incoming',
      sourceKey: 'inbound:test:1',
      subject: 'Svar på afgørelse',
      occurredAt: new Date(),
      channel: 'digital',
      senderRef: 'system',
      documents: [{ role: 'letter', sha256: body.sha256, filename: 'svar.pdf', mediaType: 'application/pdf', bytes: body.bytes }],
    }),
  );
  caseId = filed.caseId;
});
afterAll(async () => f?.close());

const as = (role: 'archivist' | 'auditor' | 'sender', org = orgA) => f.login({ organisationId: org, role }).headers;
const get = (path: string, headers: Record<string, string>) => f.app.request(`/v1/archive${path}`, { headers });
const post = (path: string, headers: Record<string, string>, body?: unknown) =>
  f.app.request(`/v1/archive${path}`, {
    method: 'POST',
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('archive API for the console', () => {
  it('searches by channel and by case', async () => {
    const total = async (q: string) => ((await (await get(`/records?${q}`, as('archivist'))).json()) as ArchiveRecordPage).total;
    expect(await total(`caseId=${caseId}`)).toBe(4);
    expect(await total(`caseId=${caseId}&direction=incoming`)).toBe(1);
    expect(await total('channel=digital')).toBe(4);
    expect(await total('channel=print')).toBe(0);
    const bad = await get('/records?channel=fax', as('archivist'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('channel');
    expect((await get('/records?caseId=nope', as('archivist'))).status).toBe(400);
  });

  it('pages a case’s records, sent and received, with the total', async () => {
    const first = (await (await get(`/cases/${caseId}?pageSize=3`, as('archivist'))).json()) as ArchiveCase;
    expect(first).toMatchObject({ id: caseId, page: 1, pageSize: 3, total: 4 });
    expect(first.party).toMatchObject({ idType: 'CPR', masked: '010190-XXXX' });
    expect(first.records).toHaveLength(3);
    const second = (await (await get(`/cases/${caseId}?pageSize=3&page=2`, as('archivist'))).json()) as ArchiveCase;
    expect(second.records).toHaveLength(1);
    const all = [...first.records, ...second.records];
    expect(new Set(all.map((r) => r.id)).size).toBe(4);
    expect(all.map((r) => r.direction).sort()).toEqual(['incoming', 'outgoing', 'outgoing', 'outgoing']);
    // Every sent letter carries its receipt PDF, downloadable.
    for (const r of all.filter((x) => x.direction === 'outgoing')) {
      expect(r.receipt?.mediaType).toBe('application/pdf');
      const pdf = await f.app.request(r.receipt!.href!, { headers: as('archivist') });
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    // Without paging the whole case, as before.
    expect(((await (await get(`/cases/${caseId}`, as('archivist'))).json()) as ArchiveCase).records).toHaveLength(4);
    expect((await get(`/cases/${caseId}?pageSize=201`, as('archivist'))).status).toBe(400);
  });

  it('names the whole number to the archive roles only, and audits every read of records', async () => {
    const audits = async (action: string) =>
      f.db
        .selectFrom('audit_log')
        .select(['actor', 'subject_id', 'party', 'details'])
        .where('action', '=', action)
        .where('organisation_id', '=', orgA)
        .orderBy('id')
        .execute();
    const archivist = f.login({ organisationId: orgA, role: 'archivist' });
    const auditor = f.login({ organisationId: orgA, role: 'auditor' });
    const search = async (headers: Record<string, string>) =>
      ((await (await get(`/records?party=${CPR}&pageSize=1`, headers)).json()) as ArchiveRecordPage).items[0]!.party;
    expect(await search(archivist.headers)).toMatchObject({ id: CPR, masked: '010190-XXXX' });
    expect(await search(auditor.headers)).toMatchObject({ id: '010190-XXXX', masked: '010190-XXXX' });
    const kase = (await (await get(`/cases/${caseId}`, auditor.headers)).json()) as ArchiveCase;
    expect(kase.party.id).toBe('010190-XXXX');
    expect(kase.records.every((r) => r.party.id === '010190-XXXX')).toBe(true);
    const one = (await (await get(`/records/${kase.records[0]!.id}`, auditor.headers)).json()) as ArchiveCase['records'][number];
    expect(one.party.id).toBe('010190-XXXX');

    const searches = await audits('archive.records.search');
    expect(searches.slice(-2)).toEqual([
      {
        actor: archivist.auth.actor,
        subject_id: null,
        party: '010190-XXXX',
        details: { records: 1, fullParty: true, filters: ['party'], page: 1 },
      },
      {
        actor: auditor.auth.actor,
        subject_id: null,
        party: '010190-XXXX',
        details: { records: 1, fullParty: false, filters: ['party'], page: 1 },
      },
    ]);
    expect((await audits('archive.case.read')).at(-1)).toMatchObject({
      actor: auditor.auth.actor,
      subject_id: caseId,
      party: '010190-XXXX',
    });
    expect((await audits('archive.record.read')).at(-1)).toMatchObject({ subject_id: kase.records[0]!.id, party: '010190-XXXX' });
    const all = await f.db.selectFrom('audit_log').selectAll().where('organisation_id', '=', orgA).execute();
    expect(JSON.stringify(all)).not.toContain(CPR);
  });

  it('lists the archive targets to the archive’s readers only', async () => {
    const res = await get('/targets', as('auditor'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as ArchiveTargets).targets).toEqual([{ name: 'recorder', autoExport: false, partyTypes: null }]);
    expect((await get('/targets', as('sender'))).status).toBe(403);
  });

  it('lists a case’s exports with the case, and nothing of another case', async () => {
    const queued = await post('/exports', as('archivist'), { caseId, target: 'recorder' });
    expect(queued.status).toBe(202);
    expect(await queued.json()).toMatchObject({ records: 4, queued: 4, targets: ['recorder'] });
    const page = (await (await get(`/exports?caseId=${caseId}`, as('auditor'))).json()) as ArchiveExportPage;
    expect(page.total).toBe(4);
    expect(page.items.every((e) => e.caseId === caseId && e.target === 'recorder')).toBe(true);
    const other = (await (await get(`/exports?caseId=${crypto.randomUUID()}`, as('auditor'))).json()) as ArchiveExportPage;
    expect(other.total).toBe(0);
  });

  it('exports insight by case as by number, audited, and refuses both or neither', async () => {
    const byCase = await get(`/insight?caseId=${caseId}`, as('archivist'));
    expect(byCase.status).toBe(200);
    expect(byCase.headers.get('content-type')).toBe('application/zip');
    const byNumber = await get(`/insight?party=${CPR}`, as('archivist'));
    expect(byNumber.status).toBe(200);
    // Both read to the end: a ZIP still streaming would read the archive after the database closed.
    for (const zip of [byCase, byNumber])
      expect(
        Buffer.from(await zip.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    const audits = await f.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'archive.insight.export')
      .where('organisation_id', '=', orgA)
      .execute();
    expect(audits.map((a) => a.subject_id)).toEqual([caseId, caseId]);
    // The same party, the same content: by case as by number.
    expect(audits[0]!.details).toEqual(audits[1]!.details);
    expect(audits[0]!.details).toMatchObject({ caseIds: [caseId], records: 4 });
    expect((await get(`/insight?caseId=${caseId}&party=${CPR}`, as('archivist'))).status).toBe(400);
    expect((await get('/insight', as('archivist'))).status).toBe(400);
    expect((await get(`/insight?caseId=${caseId}`, as('auditor'))).status).toBe(403);
    // Another organisation's archivist cannot reach the case by its id.
    expect((await get(`/insight?caseId=${caseId}`, as('archivist', orgB))).status).toBe(404);
  });

  it('lists what a retention dry run would delete one page at a time, deleting nothing', async () => {
    const rules = await f.app.request('/v1/archive/retention-rules', {
      method: 'PUT',
      headers: { ...as('archivist'), 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ documentKind: '*', keepYears: 1 }] }),
    });
    expect(rules.status).toBe(200);
    await sql`update cases set last_activity_at = now() - interval '2 years' where id = ${caseId}`.execute(f.db);
    const live = async () =>
      (
        await f.db
          .selectFrom('archive_documents')
          .select('id')
          .where('organisation_id', '=', orgA)
          .where('deleted_at', 'is', null)
          .execute()
      ).length;
    const before = await live();
    expect(before).toBeGreaterThan(4);

    const first = (await (await post('/retention/run?dryRun=true&pageSize=4', as('archivist'))).json()) as RetentionReportView;
    expect(first).toMatchObject({ dryRun: true, total: before, page: 1, pageSize: 4 });
    expect(first.documents).toHaveLength(4);
    const second = (await (await post('/retention/run?dryRun=true&pageSize=4&page=2', as('archivist'))).json()) as RetentionReportView;
    expect(second.documents.map((d) => d.documentId)).not.toContain(first.documents[0]!.documentId);
    expect(Object.values(first.countsByKind).reduce((a, b) => a + b, 0)).toBe(before);
    expect(await live()).toBe(before);

    // A case on hold drops out of the dry run.
    const hold = await post(`/cases/${caseId}/legal-hold`, as('archivist'), { hold: true, reason: 'klage 2025-17' });
    expect(hold.status).toBe(200);
    const held = (await (await post('/retention/run?dryRun=true&pageSize=4', as('archivist'))).json()) as RetentionReportView;
    expect(held.total).toBe(0);
    expect((await post('/retention/run?dryRun=true', as('auditor'))).status).toBe(403);
  });
});
