/**
 * @module
 * The archive-target contract as tests. Every archive target runs `testArchiveTarget` against
 * its simulator (the pattern of unstorage's `testDriver` and Hono's router `runTest`): one
 * suite, so a new target is tested the same way as the others. A capability the target lacks
 * is skipped with its reason; target-specific cases go in `additionalTests`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveExportItem, ArchiveTarget } from '../sdk/archive-target.ts';
import type { ArchiveTargetDefinition } from '../sdk/define.ts';
import { ArchiveError } from '../sdk/errors.ts';
import { makeTestArchiveItem } from './fixtures.ts';

/** One copy of one document the remote holds for a record, as the simulator lists it. */
export interface FiledDocument {
  /** The remote's case (or folder) holding the document. */
  externalCaseId: string;
  /** The role the target filed it as (`letter`, `receipt`, ...). */
  role: string;
  /** The name the remote shows. */
  name: string;
}

/** What a target's test hands the suite. */
export interface ArchiveHarness {
  target: ArchiveTarget;
  /** Every document copy the remote holds for `item.recordId` (asked of the simulator, e.g. `GET /_sim/documents`). */
  listFiled(item: ArchiveExportItem): Promise<FiledDocument[]>;
  /** Arms a crash: the next export dies after its first document is filed and before it finishes. */
  injectCrash?(): Promise<void>;
  /** Arms a transient remote failure (e.g. HTTP 503) for the next remote call. */
  injectTransientFailure?(): Promise<void>;
  /** A target of the same kind whose credentials the remote refuses. */
  badCredentialsTarget?(): Promise<ArchiveTarget>;
  /**
   * The same target as another platform process builds it: same config, a plugin context whose
   * `state` is shared with the first target's (as the platform's database is), nothing in
   * memory shared.
   */
  otherProcessTarget?(): Promise<ArchiveTarget>;
  /** Adjusts a test item to what this target needs (e.g. a party the remote knows). */
  item?(base: ArchiveExportItem): ArchiveExportItem;
  teardown(): Promise<void>;
}

export interface ArchiveConformanceOptions {
  definition: ArchiveTargetDefinition;
  setup(): Promise<ArchiveHarness>;
  /** Capability gaps, each with its reason: the case is skipped and the reason shown. */
  skip?: { crash?: string; transient?: string; badCredentials?: string; otherProcess?: string };
  /** Target-specific cases, run inside the same `describe` with the same harness. */
  additionalTests?(harness: () => ArchiveHarness): void;
}

const skipped = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : '');

function countRoles(filed: FiledDocument[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of filed) out[f.role] = (out[f.role] ?? 0) + 1;
  return out;
}

/**
 * Runs the shared archive-target suite.
 * @param opts the definition, a `setup` that starts the simulator and builds the target, and skips.
 * @example
 * testArchiveTarget({
 *   definition: plugin,
 *   setup: async () => {
 *     const sim = await plugin.simulator!.start({ port: 0, dataDir });
 *     const target = await plugin.create(plugin.configSchema.parse({ url: sim.url }), makeTestContext());
 *     return { target, listFiled: (item) => listFromSim(sim.url, item.recordId), teardown: sim.close };
 *   },
 * });
 */
export function testArchiveTarget(opts: ArchiveConformanceOptions): void {
  describe(`archive target contract: ${opts.definition.name}`, () => {
    let h: ArchiveHarness;
    const item = (o: Partial<ArchiveExportItem> = {}) => {
      const base = makeTestArchiveItem(o);
      return h.item ? h.item(base) : base;
    };
    beforeAll(async () => {
      h = await opts.setup();
    });
    afterAll(async () => {
      await h?.teardown();
    });

    it('declares kind archive and a config schema', () => {
      expect(opts.definition.kind).toBe('archive');
      expect(typeof opts.definition.configSchema.safeParse).toBe('function');
      expect(opts.definition.simulator).toBeDefined();
    });

    it('exports a record: its letter and its receipt are filed once each', async () => {
      const it1 = item();
      const r = await h.target.export(it1);
      expect(r.alreadyExported).toBe(false);
      expect(r.externalId).not.toBe('');
      const filed = await h.listFiled(it1);
      expect(countRoles(filed)).toMatchObject({ letter: 1, receipt: 1 });
      expect(filed).toHaveLength(it1.documents.length);
      if (r.externalCaseId !== undefined) expect(filed.every((f) => f.externalCaseId === r.externalCaseId)).toBe(true);
    });

    it('is idempotent: exporting the same record again reports alreadyExported and makes no copy', async () => {
      const it1 = item();
      const first = await h.target.export(it1);
      const before = await h.listFiled(it1);
      const again = await h.target.export(it1);
      expect(again.alreadyExported).toBe(true);
      expect(again.externalId).toBe(first.externalId);
      expect(await h.listFiled(it1)).toHaveLength(before.length);
    });

    it('files two records of one party in one case, and two parties in two cases', async () => {
      const a1 = item({ party: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' } });
      const a2 = item({ party: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' } });
      const b = item({ party: { idType: 'CPR', id: '0202804322', name: 'Mette Jensen' } });
      const [ra1, ra2, rb] = [await h.target.export(a1), await h.target.export(a2), await h.target.export(b)];
      const caseOf = async (i: ArchiveExportItem) => new Set((await h.listFiled(i)).map((f) => f.externalCaseId));
      const [ca1, ca2, cb] = [await caseOf(a1), await caseOf(a2), await caseOf(b)];
      expect(ca1.size).toBe(1);
      expect([...ca1]).toEqual([...ca2]);
      expect([...cb]).not.toEqual([...ca1]);
      if (ra1.externalCaseId !== undefined) {
        expect(ra2.externalCaseId).toBe(ra1.externalCaseId);
        expect(rb.externalCaseId).not.toBe(ra1.externalCaseId);
      }
    });

    it.skipIf(opts.skip?.otherProcess !== undefined)(
      `two processes exporting the first records of a new party at once file them in one case${skipped(opts.skip?.otherProcess)}`,
      async () => {
        if (!h.otherProcessTarget) throw new Error('harness has no otherProcessTarget: provide it or skip.otherProcess with a reason');
        const other = await h.otherProcessTarget();
        const party = { idType: 'CPR' as const, id: '0505705555', name: 'Ny Part' };
        const records = [item({ party }), item({ party }), item({ party }), item({ party })];
        const results = await Promise.all(records.map((r, i) => (i % 2 === 0 ? h.target : other).export(r)));
        const cases = new Set((await Promise.all(records.map((r) => h.listFiled(r)))).flat().map((f) => f.externalCaseId));
        expect(cases.size).toBe(1);
        if (results[0]!.externalCaseId !== undefined) expect(new Set(results.map((r) => r.externalCaseId)).size).toBe(1);
        await other.close?.();
      },
    );

    it.skipIf(opts.skip?.crash !== undefined)(
      `a crash between steps followed by a retry leaves exactly one copy${skipped(opts.skip?.crash)}`,
      async () => {
        if (!h.injectCrash) throw new Error('harness has no injectCrash: provide it or skip.crash with a reason');
        const it1 = item();
        await h.injectCrash();
        await expect(h.target.export(it1)).rejects.toThrow();
        // Whatever the crash left behind (nothing, for an atomic target), never more than one copy.
        expect((await h.listFiled(it1)).length).toBeLessThanOrEqual(it1.documents.length);
        await h.target.export(it1);
        const filed = await h.listFiled(it1);
        expect(countRoles(filed)).toMatchObject({ letter: 1, receipt: 1 });
        expect(filed).toHaveLength(it1.documents.length);
        expect((await h.target.export(it1)).alreadyExported).toBe(true);
      },
    );

    it.skipIf(opts.skip?.transient !== undefined)(
      `a transient remote failure is ArchiveError transient, and a retry succeeds${skipped(opts.skip?.transient)}`,
      async () => {
        if (!h.injectTransientFailure) throw new Error('harness has no injectTransientFailure: provide it or skip.transient with a reason');
        const it1 = item();
        await h.injectTransientFailure();
        const err = await h.target.export(it1).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ArchiveError);
        expect((err as ArchiveError).kind).toBe('transient');
        await h.target.export(it1);
        expect(countRoles(await h.listFiled(it1))).toMatchObject({ letter: 1, receipt: 1 });
      },
    );

    it.skipIf(opts.skip?.badCredentials !== undefined)(
      `bad credentials are ArchiveError permanent${skipped(opts.skip?.badCredentials)}`,
      async () => {
        if (!h.badCredentialsTarget)
          throw new Error('harness has no badCredentialsTarget: provide it or skip.badCredentials with a reason');
        const bad = await h.badCredentialsTarget();
        const it1 = item();
        const err = await bad.export(it1).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ArchiveError);
        expect((err as ArchiveError).kind).toBe('permanent');
        expect(await h.listFiled(it1)).toHaveLength(0);
        await bad.close?.();
      },
    );

    opts.additionalTests?.(() => h);
  });
}
