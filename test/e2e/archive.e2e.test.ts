/**
 * End to end through the HTTP API: a shipment to three recipients lands in three party cases
 * with letter and receipt; every record is exported once to GetOrganized, SBSYS and LUDUS (their
 * simulators); a worker process SIGKILLed while SBSYS holds the answer to an upload leaves no
 * duplicate after a new process takes over; a second organisation reads nothing of it on any
 * archive endpoint; a tampered audit row is found by the API and by `brevdue audit verify`.
 *
 * The API runs in this process (so the test can reach its database); every worker — dispatch,
 * archiving, exports — runs in `brevdue worker` child processes on the same database and data
 * dir, so "the platform doing the export" can be killed without warning and replaced.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { pdfText } from '../../platform/test/pdf-text.ts';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor, waitForFinal } from '../support/platform.ts';
import {
  type ArchiveSimulators,
  type HoldingProxy,
  type BrevdueProcess,
  archivePluginEntries,
  runCli,
  startArchiveSimulators,
  startHoldingProxy,
  startBrevdueProcess,
} from './archive-helpers.ts';

const CPR_A = '0101904321'; // registered: digital
const CPR_B = '0101701111'; // not registered in the sandbox: print
const CVR = '29189846';
const PARTIES = [CPR_A, CPR_B, CVR];
const TARGETS = ['getorganized', 'ludus', 'sbsys'];

interface Doc {
  id: string;
  role: string;
  filename: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  href: string | null;
}
interface Rec {
  id: string;
  caseId: string;
  letterId: string | null;
  subject: string;
  status: string | null;
  party: { idType: string; id: string; masked: string };
  documents: Doc[];
  receipt: Doc | null;
  exports: { target: string; status: string; lastError: string | null }[];
}
interface ExportRow {
  id: string;
  recordId: string;
  target: string;
  status: string;
  attempts: number;
  lastError: string | null;
  errorCode: string | null;
}

let p: TestPlatform;
let sims: ArchiveSimulators;
let sbsysProxy: HoldingProxy;
let simDir: string;
let configFile: string;
let worker: BrevdueProcess;
const workers: BrevdueProcess[] = [];
let archivist: string;
/** Party → its record after the first shipment. */
const records = new Map<string, Rec>();
let crashRecord: Rec;

const json = async <T = unknown>(res: Response): Promise<T> => (await res.json()) as T;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Copies per record and document in each target, from the simulators' own view of what they hold. */
async function copiesInTargets(): Promise<Record<string, Map<string, number>>> {
  const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const go = await json<{ documents: { fileName: string }[] }>(await fetch(`${sims.getorganized.url}/_sim/documents`));
  const sb = await json<{ documents: { name: string }[] }>(await fetch(`${sims.sbsys.url}/_sim/documents`));
  const lu = await json<{ documents: { recordId?: string; role: string }[] }>(await fetch(`${sims.ludus.url}/_sim/documents`));
  return {
    // brevdue-<recordId>-<n>-<role>.<ext>
    getorganized: count(
      go.documents
        .map((d) => /^brevdue-([0-9a-f-]{36})-(\d+-[a-z-]+)\./.exec(d.fileName))
        .filter((m) => m !== null)
        .map((m) => `${m[1]} ${m[2]}`),
    ),
    // <subject> (<rolle>) [brevdue <recordId> <n>-<role>]
    sbsys: count(
      sb.documents
        .map((d) => /\[brevdue ([0-9a-f-]{36}) (\d+-[a-z-]+)\]$/.exec(d.name))
        .filter((m) => m !== null)
        .map((m) => `${m[1]} ${m[2]}`),
    ),
    ludus: count(lu.documents.map((d) => `${d.recordId} ${d.role}`)),
  };
}

/** Every copy of `record` in `target`: each of its documents exactly once. */
function expectExactlyOnce(copies: Map<string, number>, record: Rec, target: string): void {
  const mine = [...copies].filter(([k]) => k.startsWith(`${record.id} `));
  expect(mine.length, `${target}: documents of record ${record.id}`).toBeGreaterThan(0);
  for (const [key, n] of mine) expect(n, `${target}: copies of ${key}`).toBe(1);
  const roles = mine.map(([k]) => k.split(' ')[1]!.replace(/^\d+-/, ''));
  expect(roles, target).toContain('letter');
  expect(roles, target).toContain('receipt');
  // Nothing the record doesn't hold.
  for (const role of roles)
    expect(
      record.documents.map((d) => d.role),
      target,
    ).toContain(role);
}

async function exportsOf(recordIds: string[]): Promise<ExportRow[]> {
  const all = await json<{ items: ExportRow[]; total: number }>(await p.api('/v1/archive/exports?pageSize=500', { token: archivist }));
  return all.items.filter((e) => recordIds.includes(e.recordId));
}

beforeAll(async () => {
  simDir = mkdtempSync(join(tmpdir(), 'brevdue-archive-sims-'));
  sims = await startArchiveSimulators(simDir);
  // SBSYS through a proxy that can lose an answer: a replayed SBSYS upload makes a duplicate.
  sbsysProxy = await startHoldingProxy(sims.sbsys.url);
  const plugins = archivePluginEntries({ getorganized: sims.getorganized.url, sbsys: sbsysProxy.url, ludusDropDir: sims.ludusDropDir });
  p = await startTestPlatform({ workers: false, extraPlugins: plugins });
  archivist = await p.tokenFor('archivist');
  configFile = join(p.dataDir, 'worker.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      databaseUrl: p.databaseUrl,
      dataDir: p.dataDir,
      publicUrl: p.url,
      plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: p.sandbox!.url } }, ...plugins],
      routing: [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }],
      workers: { inProcess: false, concurrency: 16, pollIntervalSeconds: 1 },
      queue: { expireInSeconds: 5, maintenanceIntervalSeconds: 1 },
    }),
  );
  worker = startBrevdueProcess(configFile);
  workers.push(worker);
});

afterAll(async () => {
  for (const w of workers) await w.kill();
  await p?.close();
  await sbsysProxy?.close();
  await sims?.close();
  if (simDir) rmSync(simDir, { recursive: true, force: true });
});

describe('archive end to end', () => {
  it('files a shipment to three recipients in three cases, each with its letter and a receipt PDF, downloadable', async () => {
    const doc = await uploadPdf(p, MINIMAL_PDF, 'Indkaldelse.pdf');
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      headers: { 'idempotency-key': `archive-e2e-${Date.now()}` },
      body: JSON.stringify({
        subject: 'Indkaldelse til skole-hjem-samtale',
        mainDocument: doc,
        recipients: [
          { idType: 'CPR', id: CPR_A, name: 'Jens Hansen' },
          { idType: 'CPR', id: CPR_B, name: 'Mette Jensen' },
          { idType: 'CVR', id: CVR, name: 'Firma ApS' },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = await json<ShipmentView>(res);
    const done = await waitForFinal(p, created.id).catch(async (e: Error) => {
      throw new Error(
        `${e.message}\nworker output:\n${workers
          .flatMap((w) => w.output)
          .join('')
          .slice(-4000)}`,
      );
    });
    const letterByParty = new Map<string, string>(
      await Promise.all(
        done.letters.map(async (l: { id: string }) => {
          const row = await p.runtime.db.selectFrom('letters').select(['recipient_id']).where('id', '=', l.id).executeTakeFirstOrThrow();
          return [row.recipient_id, l.id] as [string, string];
        }),
      ),
    );

    for (const party of PARTIES) {
      const page = await waitFor(
        async () => {
          const r = await json<{ items: Rec[]; total: number }>(await p.api(`/v1/archive/records?party=${party}`, { token: archivist }));
          return r.total >= 1 ? r : undefined;
        },
        `an archive record for ${party.slice(0, 6)}`,
      );
      expect(page.total).toBe(1);
      const rec = page.items[0]!;
      records.set(party, rec);
      expect(rec.letterId).toBe(letterByParty.get(party));
      expect(rec.party.id).toBe(party);
      expect(rec.subject).toBe('Indkaldelse til skole-hjem-samtale');
      const letter = rec.documents.find((d) => d.role === 'letter');
      expect(letter).toBeDefined();
      expect(rec.receipt).not.toBeNull();
      expect(rec.documents.map((d) => d.id)).toContain(rec.receipt!.id);

      // Every document downloads, byte for byte what the record says.
      for (const d of rec.documents) {
        expect(d.href).toBe(`/v1/archive/documents/${d.id}/content`);
        const dl = await p.api(d.href!, { token: archivist });
        expect(dl.status, `${d.role} of ${party.slice(0, 6)}`).toBe(200);
        const bytes = Buffer.from(await dl.arrayBuffer());
        expect(bytes.length).toBe(d.bytes);
        expect(sha256(bytes)).toBe(d.sha256);
        expect(dl.headers.get('content-type')).toBe(d.mediaType);
        if (d.role === 'letter') expect(bytes.equals(MINIMAL_PDF)).toBe(true);
        if (d.role === 'receipt') {
          expect(d.mediaType).toBe('application/pdf');
          expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          const text = await pdfText(bytes);
          expect(text).toContain(rec.letterId!);
          expect(text).toContain(letter!.sha256);
          if (party !== CVR) {
            expect(text).toContain(`${party.slice(0, 6)}-XXXX`);
            expect(text).not.toContain(party); // CPR masked on the receipt
          }
        }
      }
    }
    // Three parties, three cases; every read above is in the audit log.
    expect(new Set([...records.values()].map((r) => r.caseId)).size).toBe(3);
    for (const party of PARTIES) {
      const kase = await json<{ id: string; party: { id: string }; records: Rec[] }>(
        await p.api(`/v1/archive/cases/${records.get(party)!.caseId}`, { token: archivist }),
      );
      expect(kase.party.id).toBe(party);
      expect(kase.records.map((r) => r.id)).toEqual([records.get(party)!.id]);
    }
    const docIds = [...records.values()].flatMap((r) => r.documents.map((d) => d.id));
    const reads = await p.runtime.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'archive.document.read').execute();
    for (const id of docIds) expect(reads.map((r) => r.subject_id)).toContain(id);
  }, 120_000);

  it('exports every record to each target exactly once; LUDUS, which files pupils only, is never given the company', async () => {
    const recs = [...records.values()];
    const ids = recs.map((r) => r.id);
    const cvrRecord = records.get(CVR)!;
    const rows = await waitFor(async () => {
      const e = await exportsOf(ids);
      return e.length === ids.length * TARGETS.length - 1 && e.every((x) => x.status !== 'pending') ? e : undefined;
    }, 'every export to leave pending');
    for (const r of rows) expect(r.status, `${r.target}: ${r.lastError}`).toBe('exported');
    expect(rows.some((r) => r.target === 'ludus' && r.recordId === cvrRecord.id)).toBe(false);
    const failed = await json<{ items: ExportRow[] }>(await p.api('/v1/archive/exports?status=failed', { token: archivist }));
    expect(failed.items).toEqual([]);
    // Asked for explicitly, the archivist is told why.
    const refused = await p.api('/v1/archive/exports', {
      token: archivist,
      method: 'POST',
      body: JSON.stringify({ caseId: cvrRecord.caseId, target: 'ludus' }),
      headers: { 'accept-language': 'en' },
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: 'party_not_taken', field: 'target', message: expect.stringContaining('files CPR parties only, not CVR') },
    });

    const copies = await copiesInTargets();
    for (const rec of recs) {
      expectExactlyOnce(copies.getorganized!, rec, 'getorganized');
      expectExactlyOnce(copies.sbsys!, rec, 'sbsys');
      if (rec !== cvrRecord) expectExactlyOnce(copies.ludus!, rec, 'ludus');
    }
    expect([...copies.ludus!.keys()].some((k) => k.startsWith(cvrRecord.id))).toBe(false);
    // The LUDUS drop is whole: every record folder has what its metadata lists.
    const drop = await json<{ exports: { problems: string[] }[] }>(await fetch(`${sims.ludus.url}/_sim/exports`));
    expect(drop.exports).toHaveLength(2);
    for (const e of drop.exports) expect(e.problems).toEqual([]);
    // One record's documents travel with the record's export status.
    const again = await json<{ items: Rec[] }>(await p.api(`/v1/archive/records?party=${CPR_A}`, { token: archivist }));
    expect(again.items[0]!.exports.map((e) => [e.target, e.status])).toEqual(TARGETS.map((t) => [t, 'exported']));
  });

  it('leaves no duplicate in SBSYS when the exporting process is killed while the upload answer is lost', async () => {
    const held = sbsysProxy.holdNext((method, path) => method === 'POST' && path === '/api/dokument/journaliser');
    const doc = await uploadPdf(p, MINIMAL_PDF, 'Opfoelgning.pdf');
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Opfølgning på samtalen',
        mainDocument: doc,
        recipients: [{ idType: 'CPR', id: CPR_A, name: 'Jens Hansen' }],
      }),
    });
    expect(res.status).toBe(201);
    const shipmentId = (await json<ShipmentView>(res)).id;

    // SBSYS has journalised the letter; its answer is withheld while the worker waits for it.
    const h = await waitFor(
      async () => Promise.race([held, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]),
      'the SBSYS upload to be held',
    );
    expect(h.upstreamStatus).toBe(200);
    await worker.kill();

    crashRecord = await waitFor(
      async () =>
        (await json<{ items: Rec[] }>(await p.api(`/v1/archive/records?party=${CPR_A}&subject=Opfølgning`, { token: archivist }))).items[0],
      'the crash record',
    );
    const before = await copiesInTargets();
    const sbsysBefore = [...before.sbsys!].filter(([k]) => k.startsWith(crashRecord.id));
    expect(sbsysBefore.length).toBeGreaterThanOrEqual(1); // the upload the worker never heard back about
    const rowBefore = await p.runtime.db
      .selectFrom('archive_exports')
      .select(['status', 'locked_until'])
      .where('record_id', '=', crashRecord.id)
      .where('target', '=', 'sbsys')
      .executeTakeFirstOrThrow();
    expect(rowBefore.status).toBe('pending');

    // The dead process held its export for the lease (5 min) and its pg-boss job stays active
    // until it expires: let that time pass instead of waiting it out. The expired job is then
    // retried by pg-boss after its retry delay (30 s).
    await p.runtime.db
      .updateTable('archive_exports')
      .set({ locked_until: sql`now() - interval '1 second'` })
      .where('status', '=', 'pending')
      .where('locked_until', 'is not', null)
      .execute();
    await sql`update pgboss.job set started_on = started_on - interval '1 hour' where name = 'archive-export' and state = 'active'`.execute(
      p.runtime.db,
    );

    // A new process on the same database and data dir takes over.
    worker = startBrevdueProcess(configFile);
    workers.push(worker);
    // Its maintenance expires the dead process's job into a retry, due after the retry delay
    // (30 s, tested in run-export.test.ts): bring it forward.
    await waitFor(async () => {
      const r = await sql<{
        n: number;
      }>`update pgboss.job set start_after = now() where name = 'archive-export' and state = 'retry' returning 1 as n`.execute(
        p.runtime.db,
      );
      return r.rows.length > 0 || undefined;
    }, 'the expired export job to come back for a retry');
    await waitForFinal(p, shipmentId);
    const rows = await waitFor(
      async () => {
        const e = await exportsOf([crashRecord.id]);
        return e.length === TARGETS.length && e.every((x) => x.status === 'exported') ? e : undefined;
      },
      'the crash record to be exported to every target',
      120_000,
    ).catch((e: Error) => {
      throw new Error(
        `${e.message}\nworker output:\n${workers
          .flatMap((w) => w.output)
          .join('')
          .slice(-4000)}`,
      );
    });
    expect(rows.find((r) => r.target === 'sbsys')!.attempts).toBeGreaterThanOrEqual(2);

    const after = await copiesInTargets();
    crashRecord = await json<Rec>(await p.api(`/v1/archive/records/${crashRecord.id}`, { token: archivist }));
    for (const t of TARGETS) expectExactlyOnce(after[t]!, crashRecord, t);
    // Every document of the record is in SBSYS (the retry finished what the first attempt began).
    expect([...after.sbsys!.keys()].filter((k) => k.startsWith(crashRecord.id))).toHaveLength(crashRecord.documents.length);
    // The earlier records were not touched.
    for (const rec of records.values()) expectExactlyOnce(after.sbsys!, rec, 'sbsys');
  }, 200_000);
  it('lets a second organisation read nothing of it on any archive endpoint', async () => {
    const other = await p.createOrganisation('anden-skole', 'admin');
    const otherArchivist = (await p.createOrganisation('anden-skole', 'archivist')).token;
    const recs = [...records.values(), crashRecord];
    const docs = recs.flatMap((r) => r.documents);
    // What must never appear in an answer to the other organisation (unless it asked with it).
    const secrets = [
      ...PARTIES,
      'Jens Hansen',
      'Mette Jensen',
      'Firma ApS',
      'skole-hjem',
      ...recs.flatMap((r) => [r.id, r.caseId, r.letterId!]),
      ...docs.flatMap((d) => [d.id, d.sha256]),
    ];
    const covered = new Set<string>();

    // Retention is probed with org 1's cases ten years idle: due under any one-year rule.
    await p.runtime.db
      .updateTable('cases')
      .set({ last_activity_at: sql`now() - interval '10 years'` })
      .where(
        'id',
        'in',
        recs.map((r) => r.caseId),
      )
      .execute();
    try {
      for (const token of [other.token, otherArchivist]) {
        const probe = async (method: string, template: string, path: string, body?: unknown): Promise<Response> => {
          covered.add(`${method} ${template}`);
          const res = await p.api(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
          const text = await res.clone().text();
          const asked = `${path} ${JSON.stringify(body ?? '')}`;
          for (const secret of secrets)
            if (!asked.includes(secret))
              expect(text, `${method} ${path} answered with org 1's ${secret.slice(0, 8)}`).not.toContain(secret);
          return res;
        };
        const empty = async (path: string) => {
          const res = await probe('GET', '/v1/archive/records', path);
          expect(res.status, path).toBe(200);
          const page = await json<{ items: unknown[]; total: number }>(res);
          expect([page.items.length, page.total], path).toEqual([0, 0]);
        };
        for (const party of PARTIES) await empty(`/v1/archive/records?party=${party}`);
        for (const q of ['', '?name=Jens', '?subject=Indkaldelse', '?status=delivered_digital', '?from=2000-01-01&to=2100-01-01'])
          await empty(`/v1/archive/records${q}`);
        for (const r of recs) {
          expect((await probe('GET', '/v1/archive/records/{id}', `/v1/archive/records/${r.id}`)).status).toBe(404);
          expect((await probe('GET', '/v1/archive/cases/{id}', `/v1/archive/cases/${r.caseId}`)).status).toBe(404);
          expect(
            (
              await probe('POST', '/v1/archive/cases/{id}/legal-hold', `/v1/archive/cases/${r.caseId}/legal-hold`, {
                hold: true,
                reason: 'klage 2025-17',
              })
            ).status,
          ).toBe(404);
          expect(
            (
              await probe('POST', '/v1/archive/records/{id}/legal-hold', `/v1/archive/records/${r.id}/legal-hold`, {
                hold: true,
                reason: 'klage 2025-17',
              })
            ).status,
          ).toBe(404);
          expect((await probe('POST', '/v1/archive/exports', '/v1/archive/exports', { caseId: r.caseId })).status).toBe(404);
        }
        for (const d of docs)
          expect((await probe('GET', '/v1/archive/documents/{id}/content', `/v1/archive/documents/${d.id}/content`)).status).toBe(404);
        const range = await probe('POST', '/v1/archive/exports', '/v1/archive/exports', { from: '2000-01-01', to: '2100-01-01' });
        expect(range.status).toBe(202);
        expect(await json(range)).toMatchObject({ records: 0, queued: 0 });
        for (const q of ['', '?status=failed', '?status=exported', '?target=sbsys']) {
          const res = await probe('GET', '/v1/archive/exports', `/v1/archive/exports${q}`);
          expect(res.status).toBe(200);
          expect(await json(res)).toEqual({ items: [], total: 0 });
        }
        for (const party of PARTIES)
          expect((await probe('GET', '/v1/archive/insight', `/v1/archive/insight?party=${party}`)).status).toBe(404);
        for (const r of recs) {
          expect((await probe('GET', '/v1/archive/insight', `/v1/archive/insight?caseId=${r.caseId}`)).status).toBe(404);
          expect(await json(await probe('GET', '/v1/archive/exports', `/v1/archive/exports?caseId=${r.caseId}`))).toEqual({
            items: [],
            total: 0,
          });
        }
        // The targets are the platform's configuration, the same for every organisation.
        expect((await probe('GET', '/v1/archive/targets', '/v1/archive/targets')).status).toBe(200);
        // Rules are the organisation's own: setting them changes nothing for org 1, and a run
        // (dry) under them finds none of org 1's documents, ten years idle as they are.
        const put = await probe('PUT', '/v1/archive/retention-rules', '/v1/archive/retention-rules', {
          rules: ['letter', 'receipt', 'wire-message', 'provider-receipt', 'attachment'].map((documentKind) => ({
            documentKind,
            keepYears: 1,
          })),
        });
        expect(put.status).toBe(200);
        const rules = await probe('GET', '/v1/archive/retention-rules', '/v1/archive/retention-rules');
        expect((await json<{ rules: unknown[] }>(rules)).rules).toHaveLength(5);
        const run = await probe('POST', '/v1/archive/retention/run', '/v1/archive/retention/run?dryRun=true');
        expect(run.status).toBe(200);
        expect((await json<{ documents: unknown[] }>(run)).documents).toEqual([]);
        const verify = await probe('GET', '/v1/archive/audit/verify', '/v1/archive/audit/verify');
        expect(verify.status).toBe(200);
        expect(Object.keys(await json<object>(verify)).sort()).toEqual(['checked', 'ok']);
        // So are the settings: the language of its receipts, not org 1's.
        expect((await probe('PUT', '/v1/archive/settings', '/v1/archive/settings', { receiptLanguage: 'en' })).status).toBe(200);
        expect(await json(await probe('GET', '/v1/archive/settings', '/v1/archive/settings'))).toEqual({ receiptLanguage: 'en' });
      }

      // Nothing of org 1 changed: no hold placed, no rule set, no export queued.
      const holds = await p.runtime.db
        .selectFrom('cases')
        .select('legal_hold')
        .where(
          'id',
          'in',
          recs.map((r) => r.caseId),
        )
        .execute();
      expect(holds.every((c) => !c.legal_hold)).toBe(true);
      expect((await json<{ rules: unknown[] }>(await p.api('/v1/archive/retention-rules', { token: archivist }))).rules).toEqual([]);
      expect(await json(await p.api('/v1/archive/settings', { token: archivist }))).toEqual({ receiptLanguage: 'da' });
      const mine = await json<{ items: ExportRow[] }>(await p.api('/v1/archive/exports?status=pending', { token: archivist }));
      expect(mine.items).toEqual([]);
      // The probe can fail: the same rules in org 1 make its own idle documents due.
      await p.api('/v1/archive/retention-rules', {
        method: 'PUT',
        token: archivist,
        body: JSON.stringify({ rules: [{ documentKind: 'receipt', keepYears: 1 }] }),
      });
      const own = await json<{ documents: { documentId: string }[] }>(
        await p.api('/v1/archive/retention/run?dryRun=true', { method: 'POST', token: archivist }),
      );
      expect(own.documents.map((d) => d.documentId).sort()).toEqual(recs.map((r) => r.receipt!.id).sort());
      await p.api('/v1/archive/retention-rules', { method: 'PUT', token: archivist, body: JSON.stringify({ rules: [] }) });
    } finally {
      await p.runtime.db
        .updateTable('cases')
        .set({ last_activity_at: sql`now()` })
        .where(
          'id',
          'in',
          recs.map((r) => r.caseId),
        )
        .execute();
    }

    // Every archive endpoint of the API was probed.
    const spec = await json<{ paths: Record<string, Record<string, unknown>> }>(await p.api('/openapi.json', { token: null }));
    const endpoints = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/v1/archive'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
    expect(endpoints.length).toBeGreaterThanOrEqual(13);
    expect([...covered].sort()).toEqual(endpoints.sort());
  });

  it('finds a tampered audit row, by the API and by `brevdue audit verify`', async () => {
    const auditor = await p.tokenFor('auditor');
    const whole = await json<{ ok: boolean; checked: number }>(await p.api('/v1/archive/audit/verify', { token: auditor }));
    expect(whole.ok).toBe(true);
    expect(whole.checked).toBeGreaterThan(10);
    const cliConfig = join(p.dataDir, 'cli.config.json');
    writeFileSync(cliConfig, JSON.stringify({ databaseUrl: p.databaseUrl, dataDir: p.dataDir }));
    const intact = await runCli(['audit', 'verify'], cliConfig);
    expect(intact.code, intact.stderr).toBe(0);

    // Someone hides that they read a receipt: the row now says it was the letter.
    const row = await p.runtime.db
      .selectFrom('audit_log')
      .select(['id', 'details'])
      .where('action', '=', 'archive.document.read')
      .orderBy('id')
      .limit(1)
      .offset(1)
      .executeTakeFirstOrThrow();
    const details = (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>;
    await p.runtime.db
      .updateTable('audit_log')
      .set({ details: JSON.stringify({ ...details, role: details.role === 'letter' ? 'receipt' : 'letter' }) })
      .where('id', '=', row.id)
      .execute();

    const broken = await json<{ ok: boolean; brokenAt?: { id: number; reason: string; message: string } }>(
      await p.api('/v1/archive/audit/verify', { token: auditor }),
    );
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt).toMatchObject({ id: Number(row.id), reason: 'changed' });
    expect(broken.brokenAt!.message).toContain(String(row.id));

    const cli = await runCli(['audit', 'verify'], cliConfig);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(`${row.id}`);
  }, 120_000);
});
