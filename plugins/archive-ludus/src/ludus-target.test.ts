import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveError, PluginConfigError, type ArchiveTarget, type RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestArchiveItem, makeTestContext, testArchiveTarget, type FiledDocument } from '@brevdue/shared/testing';
import { describe, expect, it } from 'vitest';
import plugin, { createLudusTarget, ludusConfigSchema, ludusMetadataSchema, scanDropDir, type LudusHooks } from './index.ts';

let sim: RunningSimulator;
let dropDir: string;
let armed: 'crash' | 'busy' | undefined;
const hooks: LudusHooks = {
  afterWrite: async () => {
    const a = armed;
    armed = undefined;
    if (a === 'crash') throw new Error('simulated crash between two files');
    if (a === 'busy') throw Object.assign(new Error('resource busy'), { code: 'EBUSY' });
  },
};
let target: ArchiveTarget;

testArchiveTarget({
  definition: plugin,
  setup: async () => {
    sim = await plugin.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'ludus-sim-')) });
    dropDir = String(sim.info!.dropDir);
    const ctx = makeTestContext();
    target = await createLudusTarget(ludusConfigSchema.parse({ dropDir }), ctx, hooks);
    return {
      target,
      otherProcessTarget: () => createLudusTarget(ludusConfigSchema.parse({ dropDir }), ctx, hooks),
      listFiled: async (item): Promise<FiledDocument[]> => {
        const docs = (
          (await (await fetch(`${sim.url}/_sim/documents`)).json()) as {
            documents: Array<{ cpr: string; recordId: string; role: string; file: string }>;
          }
        ).documents;
        return docs.filter((d) => d.recordId === item.recordId).map((d) => ({ externalCaseId: d.cpr, role: d.role, name: d.file }));
      },
      injectCrash: async () => {
        armed = 'crash';
      },
      injectTransientFailure: async () => {
        armed = 'busy';
      },
      teardown: () => sim.close(),
    };
  },
  skip: {
    badCredentials: "a folder drop has no credentials; an unwritable folder is a permanent error, tested in this plugin's own cases",
  },
  additionalTests: () => {
    it('writes the documented layout: <CPR>/<date>_<recordId>/ with brev.pdf, kvittering.pdf and a valid metadata.json', async () => {
      const item = makeTestArchiveItem();
      const r = await target.export(item);
      const dir = join(dropDir, '0101904321', `2026-11-24_${item.recordId}`);
      expect(r).toEqual({ externalId: `0101904321/2026-11-24_${item.recordId}`, externalCaseId: '0101904321', alreadyExported: false });
      expect(readdirSync(dir).sort()).toEqual(['brev.pdf', 'kvittering.pdf', 'metadata.json']);
      const meta = ludusMetadataSchema.parse(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')));
      expect(meta.documents.map((d) => [d.role, d.file])).toEqual([
        ['letter', 'brev.pdf'],
        ['receipt', 'kvittering.pdf'],
      ]);
      expect(readFileSync(join(dir, 'brev.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
      const problems = (await scanDropDir(dropDir)).flatMap((x) => x.problems);
      expect(problems).toEqual([]);
    });

    it('a crash leaves nothing the import can see, and the staging leftover is ignored by it', async () => {
      const item = makeTestArchiveItem();
      armed = 'crash';
      await expect(target.export(item)).rejects.toBeInstanceOf(ArchiveError);
      expect(readdirSync(join(dropDir, '.brevdue-tmp')).some((n) => n.startsWith(item.recordId))).toBe(true);
      expect((await scanDropDir(dropDir)).filter((x) => x.recordId === item.recordId)).toEqual([]);
    });

    it('two concurrent exports of one record make one folder', async () => {
      const item = makeTestArchiveItem();
      const rs = await Promise.all([target.export(item), target.export(item), target.export(item)]);
      expect(rs.filter((r) => !r.alreadyExported)).toHaveLength(1);
      expect(readdirSync(join(dropDir, '0101904321')).filter((n) => n.endsWith(item.recordId))).toHaveLength(1);
    });

    it('refuses a non-CPR party, and an unusable student folder, permanently', async () => {
      await expect(target.export(makeTestArchiveItem({ party: { idType: 'CVR', id: '29189846' } }))).rejects.toMatchObject({
        kind: 'permanent',
        code: 'UNSUPPORTED_PARTY',
      });
      writeFileSync(join(dropDir, '0505055555'), 'not a folder');
      await expect(target.export(makeTestArchiveItem({ party: { idType: 'CPR', id: '0505055555' } }))).rejects.toMatchObject({
        kind: 'permanent',
        code: 'FS_ENOTDIR',
      });
    });
  },
});

describe('config', () => {
  it('refuses a missing drop folder at start-up, naming dropDir; createDropDir makes it', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'ludus-cfg-')), 'nope');
    const err = await createLudusTarget(ludusConfigSchema.parse({ dropDir: missing }), makeTestContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginConfigError);
    expect((err as PluginConfigError).field).toBe('dropDir');
    await createLudusTarget(ludusConfigSchema.parse({ dropDir: missing, createDropDir: true }), makeTestContext());
    expect(readdirSync(missing)).toEqual([]);
    expect(ludusConfigSchema.safeParse({}).error?.issues[0]?.path).toEqual(['dropDir']);
  });
});
