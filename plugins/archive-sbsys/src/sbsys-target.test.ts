import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveError, type RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestArchiveItem, makeTestContext, testArchiveTarget, type FiledDocument } from '@brevdue/shared/testing';
import { describe, expect, it } from 'vitest';
import plugin, { createSbsysTarget, parseDocumentName, sbsysConfigSchema } from './index.ts';

interface SimDoc {
  id: number;
  name: string;
  sagId: number;
  sagNummer: string;
  fileName: string;
  sha256: string;
}
const simDocuments = async (sim: RunningSimulator) =>
  ((await (await fetch(`${sim.url}/_sim/documents`)).json()) as { documents: SimDoc[] }).documents;
async function faults(sim: RunningSimulator, f: object): Promise<void> {
  const r = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(f),
  });
  if (!r.ok) throw new Error(await r.text());
}
const target = (sim: RunningSimulator, over: object = {}, ctx = makeTestContext()) =>
  createSbsysTarget(
    sbsysConfigSchema.parse({
      baseUrl: sim.url,
      tokenUrl: String(sim.info!.tokenUrl),
      clientId: 'brevdue',
      clientSecret: 'brevdue-secret',
      username: 'svc-brevdue',
      password: 'brevdue-sim',
      templateId: 1,
      caseworkerId: 1,
      ...over,
    }),
    ctx,
  );
const ofRecord = (docs: SimDoc[], recordId: string) => docs.filter((d) => parseDocumentName(d.name)?.recordId === recordId);

let sim: RunningSimulator;

testArchiveTarget({
  definition: plugin,
  setup: async () => {
    sim = await plugin.simulator!.start({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'sbsys-sim-')),
      settings: { unknownCprs: ['0909909999'], tokenTtlSeconds: 61 },
    });
    const ctx = makeTestContext();
    return {
      target: target(sim, {}, ctx),
      otherProcessTarget: async () => target(sim, {}, ctx),
      listFiled: async (item): Promise<FiledDocument[]> =>
        ofRecord(await simDocuments(sim), item.recordId).map((d) => ({
          externalCaseId: d.sagNummer,
          role: parseDocumentName(d.name)!.role,
          name: d.name,
        })),
      // SBSYS' own warning: the upload is done but the answer is lost — a blind replay would duplicate.
      injectCrash: () => faults(sim, { failAfter: { step: 'dokument/journaliser', times: 1 } }),
      injectTransientFailure: () => faults(sim, { failNext: 1 }),
      badCredentialsTarget: async () => target(sim, { password: 'wrong' }),
      teardown: () => sim.close(),
    };
  },
  additionalTests: (h) => {
    it('journalises every document with its bytes and file name', async () => {
      const item = makeTestArchiveItem();
      const r = await h().target.export(item);
      const docs = ofRecord(await simDocuments(sim), item.recordId);
      expect(docs.map((d) => d.fileName).sort()).toEqual(['brev.pdf', 'kvittering.pdf']);
      expect(docs.every((d) => d.sha256 === item.documents[0]!.sha256)).toBe(true);
      expect(String(docs.find((d) => d.fileName === 'brev.pdf')!.id)).toBe(r.externalId);
      expect(r.externalCaseId).toMatch(/^27\.00\.00-G01-\d+-\d{2}$/);
    });

    it('a crash after the case was created but before any upload leaves one case and one copy', async () => {
      const item = makeTestArchiveItem({ party: { idType: 'CPR', id: '1212121212', name: 'Ny Borger' } });
      await faults(sim, { failAfter: { step: 'sag/template', times: 1 } });
      // A fresh target (empty state) so nothing is cached between the attempts, as after a restart.
      await expect(target(sim).export(item)).rejects.toMatchObject({ kind: 'transient' });
      await target(sim).export(item);
      const cases = ((await (await fetch(`${sim.url}/_sim/cases`)).json()) as { cases: Array<{ nummer: string; titel: string }> }).cases;
      const docs = ofRecord(await simDocuments(sim), item.recordId);
      expect(docs).toHaveLength(2);
      expect(cases.filter((c) => c.nummer === docs[0]!.sagNummer)).toHaveLength(1);
    });

    it('refuses a party SBSYS does not know and a Norwegian party, permanently', async () => {
      await expect(h().target.export(makeTestArchiveItem({ party: { idType: 'CPR', id: '0909909999' } }))).rejects.toMatchObject({
        kind: 'permanent',
        code: 'UNKNOWN_PARTY',
      });
      const err = await h()
        .target.export(makeTestArchiveItem({ party: { idType: 'ORGNR', id: '974760673' } }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArchiveError);
      expect(err).toMatchObject({ kind: 'permanent', code: 'UNSUPPORTED_PARTY' });
    });

    it('refuses an unknown case template permanently, naming the template', async () => {
      const err = (await target(sim, { templateId: 99 })
        .export(makeTestArchiveItem({ party: { idType: 'CPR', id: '1010101010' } }))
        .catch((e: unknown) => e)) as ArchiveError;
      expect(err.kind).toBe('permanent');
      expect(err.message).toMatch(/Sagsskabelon 99/);
      expect(err.message).not.toMatch(/1010101010|101010-1010/);
    });
  },
});

describe('SBSYS simulator rejects what SBSYS rejects', () => {
  it('refuses calls without a token, a malformed CPR, and an upload without a file', async () => {
    const s = await plugin.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'sbsys-sim-')) });
    try {
      expect((await fetch(`${s.url}/api/sag/search`, { method: 'POST', body: '{}' })).status).toBe(401);
      const tok = (await (
        await fetch(`${s.url}/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'password',
            client_id: 'brevdue',
            client_secret: 'brevdue-secret',
            username: 'svc-brevdue',
            password: 'brevdue-sim',
          }),
        })
      ).json()) as { access_token: string };
      const h = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };
      expect(
        (
          await fetch(`${s.url}/api/sag/search`, {
            method: 'POST',
            headers: h,
            body: JSON.stringify({ PrimaerPerson: { CprNummer: '0101904321' } }),
          })
        ).status,
      ).toBe(400);
      const form = new FormData();
      form.append('json', JSON.stringify({ SagID: 1, DokumentNavn: 'x' }));
      const up = await fetch(`${s.url}/api/dokument/journaliser`, {
        method: 'POST',
        headers: { authorization: h.authorization },
        body: form,
      });
      expect(up.status).toBe(400);
      expect(((await up.json()) as { Message: string }).Message).toMatch(/"file" part is missing/);
    } finally {
      await s.close();
    }
  });
});

describe('SBSYS simulator persistence', () => {
  it('keeps cases and documents across a restart; the retry logs in again and finds its documents', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sbsys-persist-'));
    const item = makeTestArchiveItem();
    const s1 = await plugin.simulator!.start({ port: 0, dataDir });
    const t = target(s1);
    const first = await t.export(item);
    const port = Number(new URL(s1.url).port);
    await s1.close();
    // Same port, same target: its cached token is unknown to the restarted SBSYS (401 → new token).
    const s2 = await plugin.simulator!.start({ port, dataDir });
    try {
      // A socket kept alive from before the restart may fail the first call: transient, retried as the job queue would.
      const again = await t.export(item).catch(async (e: unknown) => {
        expect(e).toMatchObject({ kind: 'transient' });
        return t.export(item);
      });
      expect(again).toEqual({ ...first, alreadyExported: true });
      expect(ofRecord(await simDocuments(s2), item.recordId)).toHaveLength(2);
    } finally {
      await s2.close();
    }
  });
});

describe('config', () => {
  it('names the fields of a bad config', () => {
    const r = sbsysConfigSchema.safeParse({
      baseUrl: 'x',
      tokenUrl: 'http://127.0.0.1/token',
      clientId: 'a',
      clientSecret: 'b',
      username: 'c',
      password: 'd',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['baseUrl', 'templateId', 'caseworkerId']));
  });
});
