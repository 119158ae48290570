import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { archiveLetter } from '../archive/archive-letter.ts';
import { type ArchiveFixture, createArchiveFixture } from '../../test/archive-fixture.ts';
import { runRetention } from './run-retention.ts';
import { setRetentionRules } from './retention-rules.ts';

let f: ArchiveFixture;
let org: string;
let otherOrg: string;
const records: Record<string, { recordId: string; caseId: string }> = {};

beforeAll(async () => {
  f = await createArchiveFixture({ autoExport: false });
  org = await f.createOrganisation('Vejle Kommune');
  otherOrg = await f.createOrganisation('Fredericia Kommune');
  const people = { old: '0101904321', held: '0202855678', recent: '1503001234' };
  for (const [key, cpr] of Object.entries(people)) {
    const [id] = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: `Brev ${key}`,
      recipients: [{ idType: 'CPR', id: cpr }],
      documents: [{ filename: `${key}.pdf`, body: Buffer.from(`%PDF ${key}`) }],
    });
    const r = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, id!));
    records[key] = { recordId: r.recordId!, caseId: (r as { caseId: string }).caseId };
  }
  const [otherId] = await f.insertSentShipment({
    organisationId: otherOrg,
    createdBy: null,
    subject: 'Andet',
    recipients: [{ idType: 'CPR', id: '0101904321' }],
  });
  await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, otherId!));
  // Old and held cases saw their last activity 6 years ago.
  await sql`update cases set last_activity_at = now() - interval '6 years' where id in (${records.old!.caseId}, ${records.held!.caseId})`.execute(
    f.db,
  );
  await f.db.updateTable('cases').set({ legal_hold: true }).where('id', '=', records.held!.caseId).execute();
  await setRetentionRules(f.db, org, [
    { documentKind: 'receipt', keepYears: 5, after: 'last_activity' },
    { documentKind: 'letter', keepYears: 5, after: 'last_activity' },
    { documentKind: 'wire-message', keepYears: 10, after: 'last_activity' },
  ]);
  // The other organisation keeps nothing long — but its case is recent.
  await setRetentionRules(f.db, otherOrg, [{ documentKind: '*', keepYears: 1, after: 'last_activity' }]);
});
afterAll(async () => f?.close());

const live = (recordId: string) =>
  f.db
    .selectFrom('archive_documents')
    .select(['role', 'sha256'])
    .where('record_id', '=', recordId)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .execute();

describe('retention', () => {
  it('dry run lists what would go and changes nothing', async () => {
    const report = await runRetention(f.rt, { dryRun: true });
    expect(report.countsByKind).toEqual({ letter: 1, receipt: 1 });
    expect(new Set(report.documents.map((d) => d.recordId))).toEqual(new Set([records.old!.recordId]));
    expect((await live(records.old!.recordId)).map((d) => d.role)).toEqual(['letter', 'wire-message', 'provider-receipt', 'receipt']);
    expect(await f.db.selectFrom('audit_log').select('id').where('action', '=', 'retention.delete').execute()).toEqual([]);
  });

  it('deletes due documents and unreferenced blobs, respects legal hold, audits without CPR', async () => {
    const before = await live(records.old!.recordId);
    const receiptSha = before.find((d) => d.role === 'receipt')!.sha256;
    const letterSha = before.find((d) => d.role === 'letter')!.sha256;
    const report = await runRetention(f.rt, { dryRun: false });
    expect(report.countsByKind).toEqual({ letter: 1, receipt: 1 });
    expect((await live(records.old!.recordId)).map((d) => d.role)).toEqual(['wire-message', 'provider-receipt']);
    // The receipt PDF was the archive's alone: gone. The letter's bytes were also the platform's
    // upload; with no live archive copy left, the upload expires with it and the blob goes.
    expect(await f.blobs.exists(receiptSha)).toBe(false);
    expect(await f.blobs.exists(letterSha)).toBe(false);
    const upload = await f.db.selectFrom('documents').select('deleted_at').where('sha256', '=', letterSha).executeTakeFirstOrThrow();
    expect(upload.deleted_at).not.toBeNull();
    expect(report).toMatchObject({ blobsDeleted: 2, blobsKept: 0 });
    expect((await live(records.held!.recordId)).length).toBe(4);
    expect((await live(records.recent!.recordId)).length).toBe(4);
    const audit = await f.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.delete').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.organisation_id).toBe(org);
    expect(JSON.stringify(audit[0]!.details)).not.toMatch(/0101904321|%PDF/);
    // The API answers 410 for a deleted document and shows it without a link.
    const h = f.login({ organisationId: org, role: 'archivist' }).headers;
    const rec = (await (await f.app.request(`/v1/archive/records/${records.old!.recordId}`, { headers: h })).json()) as {
      documents: Array<{ role: string; id: string; href: string | null; deletedAt: string | null }>;
    };
    const gone = rec.documents.find((d) => d.role === 'receipt')!;
    expect(gone.href).toBeNull();
    expect(gone.deletedAt).not.toBeNull();
    expect((await f.app.request(`/v1/archive/documents/${gone.id}/content`, { headers: h })).status).toBe(410);
    expect((await runRetention(f.rt, { dryRun: false })).documents).toEqual([]);
  });

  it('lifting a legal hold through the API lets retention take the case', async () => {
    const h = { ...f.login({ organisationId: org, role: 'archivist' }).headers, 'content-type': 'application/json' };
    const res = await f.app.request(`/v1/archive/cases/${records.held!.caseId}/legal-hold`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ hold: false, reason: 'Klagesag 2019-44 afsluttet' }),
    });
    expect(res.status).toBe(200);
    const dry = await f.app.request('/v1/archive/retention/run?dryRun=true', { method: 'POST', headers: h });
    expect(((await dry.json()) as { countsByKind: Record<string, number> }).countsByKind).toEqual({ letter: 1, receipt: 1 });
    const sender = f.login({ organisationId: org, role: 'sender' }).headers;
    expect((await f.app.request('/v1/archive/retention/run?dryRun=false', { method: 'POST', headers: sender })).status).toBe(403);
  });

  it('keeps rules per organisation through the API', async () => {
    const h = { ...f.login({ organisationId: org, role: 'admin' }).headers, 'content-type': 'application/json' };
    const put = await f.app.request('/v1/archive/retention-rules', {
      method: 'PUT',
      headers: h,
      body: JSON.stringify({
        rules: [
          { documentKind: '*', keepYears: 5 },
          { documentKind: 'receipt', keepYears: 10 },
        ],
      }),
    });
    expect(put.status).toBe(200);
    const got = (await (await f.app.request('/v1/archive/retention-rules', { headers: h })).json()) as {
      rules: Array<{ documentKind: string; keepYears: number }>;
    };
    expect(got.rules.map((r) => `${r.documentKind}:${r.keepYears}`)).toEqual(['*:5', 'receipt:10']);
    const dup = await f.app.request('/v1/archive/retention-rules', {
      method: 'PUT',
      headers: h,
      body: JSON.stringify({
        rules: [
          { documentKind: 'letter', keepYears: 5 },
          { documentKind: 'letter', keepYears: 6 },
        ],
      }),
    });
    expect(dup.status).toBe(400);
    const other = (await (
      await f.app.request('/v1/archive/retention-rules', { headers: f.login({ organisationId: otherOrg, role: 'admin' }).headers })
    ).json()) as { rules: unknown[] };
    expect(other.rules).toEqual([{ documentKind: '*', keepYears: 1, after: 'last_activity' }]);
  });
});
