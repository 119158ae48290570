import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveError, type RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestArchiveItem, makeTestContext, testArchiveTarget, type FiledDocument } from '@brevdue/shared/testing';
import { describe, expect, it } from 'vitest';
import plugin, { createGetOrganizedTarget, getOrganizedConfigSchema, parseDocumentFileName } from './index.ts';
import { buildMetadataXml } from './metadata-xml.ts';
import { createNtlmFetch } from './ntlm-fetch.ts';

interface SimDoc {
  docId: number;
  caseId: string;
  fileName: string;
  finalized: boolean;
  versions: number;
  relations: Array<{ childDocId: number; relationTypeId: number }>;
}

async function simDocuments(sim: RunningSimulator): Promise<SimDoc[]> {
  return ((await (await fetch(`${sim.url}/_sim/documents`)).json()) as { documents: SimDoc[] }).documents;
}
async function faults(sim: RunningSimulator, f: object): Promise<void> {
  const r = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(f),
  });
  if (!r.ok) throw new Error(await r.text());
}
const target = (sim: RunningSimulator, over: object = {}, ctx = makeTestContext()) =>
  createGetOrganizedTarget(
    getOrganizedConfigSchema.parse({ baseUrl: sim.url, username: 'brevdue', password: 'brevdue-sim', domain: 'KOMMUNE', ...over }),
    ctx,
  );

let sim: RunningSimulator;

/** Calls the simulator as GetOrganized's own clients do: signed in with NTLM. */
const goApi = (s: RunningSimulator) => {
  const f = createNtlmFetch({ username: 'brevdue', password: 'brevdue-sim', domain: 'KOMMUNE', workstation: 'TEST' });
  return (path: string, body: unknown) =>
    f(new URL(path, s.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
};

testArchiveTarget({
  definition: plugin,
  setup: async () => {
    sim = await plugin.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'go-sim-')) });
    const ctx = makeTestContext();
    return {
      target: target(sim, {}, ctx),
      otherProcessTarget: async () => target(sim, {}, ctx),
      listFiled: async (item): Promise<FiledDocument[]> =>
        (await simDocuments(sim)).flatMap((d) => {
          const p = parseDocumentFileName(d.fileName);
          return p?.recordId === item.recordId ? [{ externalCaseId: d.caseId, role: p.role, name: d.fileName }] : [];
        }),
      injectCrash: () => faults(sim, { failAfter: { step: 'AddToDocumentLibrary', times: 1 } }),
      injectTransientFailure: () => faults(sim, { failNext: 1 }),
      badCredentialsTarget: async () => target(sim, { password: 'wrong' }),
      teardown: () => sim.close(),
    };
  },
  additionalTests: (h) => {
    it('relates the receipt to the letter and finalises both', async () => {
      const item = makeTestArchiveItem();
      const r = await h().target.export(item);
      const docs = (await simDocuments(sim)).filter((d) => parseDocumentFileName(d.fileName)?.recordId === item.recordId);
      const letter = docs.find((d) => String(d.docId) === r.externalId)!;
      const receipt = docs.find((d) => d.fileName.endsWith('-receipt.pdf'))!;
      expect(letter.fileName).toMatch(/-letter\.pdf$/);
      expect(letter.relations).toEqual([{ childDocId: receipt.docId, relationTypeId: 1 }]);
      expect(docs.every((d) => d.finalized && d.versions === 1)).toBe(true);
    });

    it('a crash after finalising still leaves one finalised copy after the retry', async () => {
      const item = makeTestArchiveItem();
      await faults(sim, { failAfter: { step: 'FinalizeMultiple', times: 1 } });
      await expect(h().target.export(item)).rejects.toMatchObject({ kind: 'transient' });
      const r = await h().target.export(item);
      expect(r.alreadyExported).toBe(true);
      const docs = (await simDocuments(sim)).filter((d) => parseDocumentFileName(d.fileName)?.recordId === item.recordId);
      expect(docs).toHaveLength(2);
      expect(docs.every((d) => d.finalized)).toBe(true);
    });

    it('forgets a cached case that was deleted: the export fails once, the retry files in a new case', async () => {
      const party = { idType: 'CPR' as const, id: '0606606666', name: 'Flyttet Borger' };
      const first = await h().target.export(makeTestArchiveItem({ party }));
      expect((await fetch(`${sim.url}/_sim/cases/${first.externalCaseId}`, { method: 'DELETE' })).status).toBe(204);
      const item = makeTestArchiveItem({ party });
      await expect(h().target.export(item)).rejects.toMatchObject({ kind: 'permanent' });
      const r = await h().target.export(item);
      expect(r.externalCaseId).not.toBe(first.externalCaseId);
      expect(r.alreadyExported).toBe(false);
    });

    it('files a CVR party in its own case and refuses a Norwegian party permanently', async () => {
      const company = makeTestArchiveItem({ party: { idType: 'CVR', id: '29189846', name: 'Testfirma ApS' } });
      const r = await h().target.export(company);
      expect(r.externalCaseId).toMatch(/^BOR-\d{4}-\d{6}$/);
      const err = await h()
        .target.export(makeTestArchiveItem({ party: { idType: 'FNR', id: '01019012345' } }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArchiveError);
      expect(err).toMatchObject({ kind: 'permanent', code: 'UNSUPPORTED_PARTY' });
    });

    it('uses a party case made by someone else, and refuses when the party has two', async () => {
      const api = goApi(sim);
      const mk = (cpr: string) =>
        api('/_goapi/Cases/', {
          CaseTypePrefix: 'BOR',
          MetadataXml: buildMetadataXml({ ows_Title: `${cpr} - X`, ows_CCMContactData: `X;#;#${cpr};#;#`, ows_CaseStatus: 'Åben' }),
        }).then((r) => r.json() as Promise<{ CaseID: string }>);
      const pre = await mk('0303703333');
      const r = await h().target.export(makeTestArchiveItem({ party: { idType: 'CPR', id: '0303703333' } }));
      expect(r.externalCaseId).toBe(pre.CaseID);
      await mk('0404704444');
      await mk('0404704444');
      await expect(h().target.export(makeTestArchiveItem({ party: { idType: 'CPR', id: '0404704444' } }))).rejects.toMatchObject({
        kind: 'permanent',
        code: 'SEVERAL_CASES',
      });
    });
  },
});

describe('GetOrganized simulator rejects what GetOrganized rejects', () => {
  it('refuses a request without credentials, an unknown case, and overwriting a finalised document', async () => {
    const s = await plugin.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'go-sim-')) });
    try {
      const api = goApi(s);
      const addBody = (caseId: string) => ({ bytes: [37, 80], CaseId: caseId, ListName: 'Dokumenter', FileName: 'a.pdf' });
      const anonymous = await fetch(`${s.url}/_goapi/Documents/AddToDocumentLibrary`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(addBody('BOR-2026-000001')),
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('NTLM');
      expect((await api('/_goapi/Documents/AddToDocumentLibrary', addBody('BOR-2099-000001'))).status).toBe(400);
      const item = makeTestArchiveItem();
      const r = await target(s).export(item);
      const docs = await simDocuments(s);
      const letter = docs.find((d) => String(d.docId) === r.externalId)!;
      const again = await api('/_goapi/Documents/AddToDocumentLibrary', {
        bytes: [37],
        CaseId: r.externalCaseId,
        ListName: 'Dokumenter',
        FileName: letter.fileName,
        Overwrite: true,
      });
      expect(again.status).toBe(400);
      expect(await again.text()).toMatch(/finalized/);
    } finally {
      await s.close();
    }
  });
});

describe('GetOrganized simulator persistence', () => {
  it('keeps cases and documents across a restart, so a retry after a platform restart still finds them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'go-persist-'));
    const item = makeTestArchiveItem();
    const s1 = await plugin.simulator!.start({ port: 0, dataDir });
    const first = await target(s1).export(item);
    await s1.close();
    const s2 = await plugin.simulator!.start({ port: 0, dataDir });
    try {
      const again = await target(s2).export(item);
      expect(again).toEqual({ ...first, alreadyExported: true });
      expect((await simDocuments(s2)).filter((d) => parseDocumentFileName(d.fileName)?.recordId === item.recordId)).toHaveLength(2);
    } finally {
      await s2.close();
    }
  });
});

describe('config', () => {
  it('names the field of a bad config', () => {
    const r = getOrganizedConfigSchema.safeParse({ baseUrl: 'not a url', username: '', password: 'x', caseTypePrefix: 'bor' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['baseUrl', 'username', 'caseTypePrefix']));
  });
});
