import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchiveTarget, RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestArchiveItem, makeTestContext, testArchiveTarget, type FiledDocument } from '@brevdue/shared/testing';
import { expect, it } from 'vitest';
import plugin, { createLudusTarget, ludusConfigSchema, scanDropDir, type LudusHooks } from './index.ts';

// The same contract as the folder drop, over SFTP against the simulator's ssh2 SFTP server.
let sim: RunningSimulator;
let sftp: { host: string; port: number; username: string; password: string; hostKeySha256: string; remoteDir: string };
let armed: 'crash' | 'reset' | undefined;
const hooks: LudusHooks = {
  afterWrite: async () => {
    const a = armed;
    armed = undefined;
    if (a === 'crash') throw new Error('simulated crash between two files');
    if (a === 'reset') throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  },
};
const target = (over: object = {}, ctx = makeTestContext()): Promise<ArchiveTarget> =>
  createLudusTarget(ludusConfigSchema.parse({ sftp: { ...sftp, ...over } }), ctx, hooks);

testArchiveTarget({
  definition: plugin,
  setup: async () => {
    sim = await plugin.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'ludus-sftp-')), settings: { sftp: {} } });
    sftp = sim.info!.sftp as typeof sftp;
    const ctx = makeTestContext();
    return {
      target: await target({}, ctx),
      otherProcessTarget: () => target({}, ctx),
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
        armed = 'reset';
      },
      badCredentialsTarget: () => target({ password: 'wrong' }),
      teardown: () => sim.close(),
    };
  },
  additionalTests: (h) => {
    it('over SFTP writes the same valid layout, and refuses a server whose host key does not match', async () => {
      const item = makeTestArchiveItem();
      await h().target.export(item);
      const dropDir = String(sim.info!.dropDir);
      expect(readdirSync(join(dropDir, '0101904321', `2026-11-24_${item.recordId}`)).sort()).toEqual([
        'brev.pdf',
        'kvittering.pdf',
        'metadata.json',
      ]);
      expect((await scanDropDir(dropDir)).flatMap((r) => r.problems)).toEqual([]);
      const wrongKey = await target({ hostKeySha256: `SHA256:${'A'.repeat(43)}` });
      await expect(wrongKey.export(makeTestArchiveItem())).rejects.toMatchObject({ kind: 'permanent', code: 'SFTP_HOST_KEY' });
    });
  },
});
