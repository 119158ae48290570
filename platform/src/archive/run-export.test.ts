import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ArchiveError } from '@brevdue/shared';
import { archiveLetter } from './archive-letter.ts';
import { type ArchiveFixture, createArchiveFixture } from '../../test/archive-fixture.ts';
import { registerArchiveWorkers } from './archive-workers.ts';
import { requestExport } from './request-export.ts';
import { buildExportItem, runExport } from './run-export.ts';
import { ARCHIVE_EXPORT_QUEUE } from './archive-exports.ts';

let f: ArchiveFixture;
let org: string;
beforeAll(async () => {
  f = await createArchiveFixture();
  org = await f.createOrganisation('Horsens Kommune');
  // Short retry delay for this file (jobs take the queue's policy when sent): production waits 30 s doubling.
  await f.boss.updateQueue(ARCHIVE_EXPORT_QUEUE, {
    name: ARCHIVE_EXPORT_QUEUE,
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 60,
  });
});
afterAll(async () => f?.close());

async function archive(n: number, subject = 'Brev'): Promise<string[]> {
  const cprs = ['0101904321', '0202855678', '1503001234', '0404701111', '0505802222'];
  const ids = await f.insertSentShipment({
    organisationId: org,
    createdBy: null,
    subject,
    recipients: cprs.slice(0, n).map((id) => ({ idType: 'CPR' as const, id })),
  });
  const recordIds: string[] = [];
  await f.db.transaction().execute(async (trx) => {
    for (const id of ids) recordIds.push((await archiveLetter(trx, f.rt, id)).recordId!);
  });
  return recordIds;
}

const exportOf = (recordId: string) =>
  f.db.selectFrom('archive_exports').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();

/** Waits (without asserting on time) until `check` holds; gives up after 45 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 450 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('archive exports', () => {
  it('exports once: a second run and a re-request leave one copy', async () => {
    const [recordId] = await archive(1);
    const exp = await exportOf(recordId!);
    const first = await runExport(f.rt, exp.id);
    expect(first).toMatchObject({ outcome: 'exported', alreadyExported: false });
    expect(await runExport(f.rt, exp.id)).toEqual({ outcome: 'skipped', reason: 'already-exported' });
    const again = await requestExport(f.rt, org, {
      caseId: (await f.db.selectFrom('archive_records').select('case_id').where('id', '=', recordId!).executeTakeFirstOrThrow()).case_id,
    });
    expect(again.queued).toBe(0);
    expect(f.target.filed.get(recordId!)?.documents.map((d) => d.role)).toEqual(['letter', 'wire-message', 'provider-receipt', 'receipt']);
    expect((await exportOf(recordId!)).status).toBe('exported');
    expect((await exportOf(recordId!)).external_id).toBe(`ext-${recordId}`);
  });

  it('after a crash mid-export, the retry finds the filed copy instead of making a second', async () => {
    const [recordId] = await archive(1);
    const exp = await exportOf(recordId!);
    // The first worker filed the record, then died before writing "exported" (its claim ran out).
    await f.target.export(await buildExportItem(f.rt, recordId!));
    await sql`update archive_exports set locked_until = now() - interval '1 second', attempts = 1 where id = ${exp.id}`.execute(f.db);
    const callsBefore = f.target.calls;
    const r = await runExport(f.rt, exp.id);
    expect(r).toMatchObject({ outcome: 'exported', alreadyExported: true });
    expect(f.target.calls).toBe(callsBefore + 1);
    expect([...f.target.filed.keys()].filter((k) => k === recordId)).toHaveLength(1);
  });

  it('refuses a second worker while one holds the export', async () => {
    const [recordId] = await archive(1);
    const exp = await exportOf(recordId!);
    await sql`update archive_exports set locked_until = now() + interval '1 hour' where id = ${exp.id}`.execute(f.db);
    await expect(runExport(f.rt, exp.id)).rejects.toThrow(/another worker/);
    expect(f.target.filed.has(recordId!)).toBe(false);
    // The holder "finishes" (gives the export back) so later tests start clean.
    await sql`update archive_exports set locked_until = null where id = ${exp.id}`.execute(f.db);
  });

  it('marks a permanent failure failed with its reason, and an archivist can try again', async () => {
    const [recordId] = await archive(1);
    const exp = await exportOf(recordId!);
    f.target.failNext = {
      count: 1,
      error: () => new ArchiveError('permanent', 'NO_CASE_TEMPLATE', 'Sagsskabelon mangler / case template missing: configure templateId'),
    };
    expect(await runExport(f.rt, exp.id)).toMatchObject({ outcome: 'failed' });
    const failed = await exportOf(recordId!);
    expect(failed).toMatchObject({ status: 'failed', error_code: 'NO_CASE_TEMPLATE' });
    expect(failed.last_error).toContain('template');
    const h = f.login({ organisationId: org, role: 'archivist' }).headers;
    const list = (await (await f.app.request('/v1/archive/exports?status=failed', { headers: h })).json()) as {
      items: Array<{ recordId: string; lastError: string }>;
    };
    expect(list.items.map((i) => i.recordId)).toContain(recordId);
    const caseId = (await f.db.selectFrom('archive_records').select('case_id').where('id', '=', recordId!).executeTakeFirstOrThrow())
      .case_id;
    const res = await f.app.request('/v1/archive/exports', {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, target: 'recorder' }),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { queued: number }).queued).toBeGreaterThanOrEqual(1);
    expect((await exportOf(recordId!)).status).toBe('pending');
    const unknown = await f.app.request('/v1/archive/exports', {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, target: 'sbsys' }),
    });
    expect(unknown.status).toBe(400);
  });

  it('works the queue with real pg-boss: transient failures retry with back-off until exported', async () => {
    f.target.failNext = { count: 2, error: () => new ArchiveError('transient', 'HTTP_503', 'service unavailable') };
    const recordIds = await archive(3, 'Køen');
    const waiting = (await f.db.selectFrom('archive_exports').select('id').where('status', '=', 'pending').execute()).length;
    const callsBefore = f.target.calls;
    await registerArchiveWorkers(f.rt, { concurrency: 2, pollingIntervalSeconds: 0.5 });
    await until(async () => {
      const rows = await f.db.selectFrom('archive_exports').select('status').where('record_id', 'in', recordIds).execute();
      return rows.every((r) => r.status !== 'pending');
    });
    const rows = await f.db.selectFrom('archive_exports').selectAll().where('record_id', 'in', recordIds).execute();
    expect(rows.map((r) => r.status)).toEqual(['exported', 'exported', 'exported']);
    for (const id of recordIds) expect(f.target.filed.has(id)).toBe(true);
    // Everything left pending before (the re-requested export) goes through too.
    await until(async () => (await f.db.selectFrom('archive_exports').select('id').where('status', '=', 'pending').execute()).length === 0);
    expect(await f.db.selectFrom('archive_exports').select('id').where('status', '=', 'pending').execute()).toEqual([]);
    // One call per waiting export plus the two that failed and were retried.
    expect(f.target.calls - callsBefore).toBe(waiting + 2);
  });
});
