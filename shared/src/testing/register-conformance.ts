/**
 * @module
 * The register contract as tests. Every register plugin runs `testRegister` against its table or
 * simulator and adds its own cases in `additionalTests`. A look-up the register does not declare
 * is skipped with that reason; any other skip names its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCpr } from '../ids/cpr.ts';
import { isValidPNumber } from '../ids/cvr.ts';
import { postalAddressSchema } from '../domain/recipient.ts';
import type { PluginLogger } from '../sdk/context.ts';
import type { RegisterDefinition } from '../sdk/define.ts';
import { ProviderError } from '../sdk/errors.ts';
import type { Register, RegisterErrorCode } from '../sdk/register.ts';

/** What a register's test hands the suite: the register and facts about the data behind it. */
export interface RegisterHarness {
  register: Register;
  /** A child the register knows, and the CPR numbers of its custody holders (two, for the sandbox). */
  minor?: { cpr: string; guardianCprs: string[] };
  /** A person the register knows who has no custody holder (an adult). */
  adult?: string;
  /** A valid CPR number the register does not know. */
  unknownCpr?: string;
  /** A company the register knows, and the P-numbers of its active units. */
  company?: { cvr: string; pNumbers: string[] };
  /** A valid CVR number the register does not know. */
  unknownCvr?: string;
  /** Arms a transient failure (the remote busy or down) for the next remote call. */
  injectTransientFailure?(): Promise<void>;
  /** How many look-ups reached the remote so far (to see the cache at work). */
  remoteCalls?(): Promise<number>;
  /** Everything the register logged so far, serialised (to check no CPR number is in it). */
  logged?(): string;
  teardown(): Promise<void>;
}

/** Options of {@link testRegister}. */
export interface RegisterConformanceOptions {
  definition: RegisterDefinition;
  setup(): Promise<RegisterHarness>;
  /** Gaps, each with its reason: the case is skipped and the reason shown. */
  skip?: { transient?: string; cache?: string };
  /** Register-specific cases, run inside the same `describe` with the same harness. */
  additionalTests?(harness: () => RegisterHarness): void;
}

/**
 * A logger that keeps every entry as JSON text, for `RegisterHarness.logged`.
 * @example const rec = recordingLogger(); const ctx = makeTestContext({ logger: rec.logger }); ... logged: rec.text
 */
export function recordingLogger(): { logger: PluginLogger; text(): string } {
  const lines: string[] = [];
  const make = (bindings: object): PluginLogger => {
    const log = (level: string) => (obj: object, msg?: string) => {
      lines.push(JSON.stringify({ level, ...bindings, ...obj, msg }));
    };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (b) => make({ ...bindings, ...b }) };
  };
  return { logger: make({}), text: () => lines.join('\n') };
}

const skipped = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : '');

/** The `ProviderError` a promise rejects with (the test fails if it resolves or throws anything else). */
async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the look-up to fail with a ProviderError').toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

function expectCode(err: ProviderError, code: RegisterErrorCode, kind: 'permanent' | 'transient'): void {
  expect(err.code).toBe(code);
  expect(err.kind).toBe(kind);
  expect(err.message.length).toBeGreaterThan(0);
}

/**
 * Runs the shared register suite.
 * @param opts the definition, a `setup` that builds the register (and starts its simulator), and skips.
 * @example
 * testRegister({
 *   definition: plugin,
 *   setup: async () => {
 *     const register = await plugin.create(plugin.configSchema.parse({}), makeTestContext());
 *     return { register, minor: { cpr: '0101154123', guardianCprs: ['0101804321', '0202824322'] }, teardown: async () => {} };
 *   },
 * });
 */
export function testRegister(opts: RegisterConformanceOptions): void {
  const caps = opts.definition.capabilities;
  const noGuardians = caps.guardians ? undefined : 'the register declares no guardians capability';
  const noUnits = caps.productionUnits ? undefined : 'the register declares no productionUnits capability';

  describe(`register contract: ${opts.definition.name}`, () => {
    let h: RegisterHarness;
    const need = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`harness has no ${what}: provide it`);
      return value;
    };
    beforeAll(async () => {
      h = await opts.setup();
    });
    afterAll(async () => {
      await h?.teardown();
      await h?.register.close?.();
    });

    it('declares kind register, a capability, and has exactly the methods it declares', () => {
      expect(opts.definition.kind).toBe('register');
      expect(typeof opts.definition.configSchema.safeParse).toBe('function');
      expect(caps.guardians || caps.productionUnits).toBe(true);
      expect(typeof h.register.guardians === 'function').toBe(caps.guardians);
      expect(typeof h.register.productionUnits === 'function').toBe(caps.productionUnits);
    });

    it.skipIf(noGuardians !== undefined)(
      `guardians: a minor's custody holders, each with CPR, name and relation${skipped(noGuardians)}`,
      async () => {
        const minor = need(h.minor, 'minor');
        const holders = await h.register.guardians!(minor.cpr);
        expect(holders.map((g) => g.cpr).sort()).toEqual([...minor.guardianCprs].sort());
        for (const g of holders) {
          expect(isValidCpr(g.cpr)).toBe(true);
          expect(g.cpr).toMatch(/^\d{10}$/);
          expect(g.name.trim()).not.toBe('');
          expect(['mother', 'father', 'other']).toContain(g.relation);
          if (g.address) expect(postalAddressSchema.safeParse(g.address).success).toBe(true);
          if (g.addressProtected) expect(g.address).toBeUndefined();
        }
      },
    );

    it.skipIf(noGuardians !== undefined)(
      `guardians: is idempotent, and a person without holders answers an empty list${skipped(noGuardians)}`,
      async () => {
        const minor = need(h.minor, 'minor');
        expect(await h.register.guardians!(minor.cpr)).toEqual(await h.register.guardians!(minor.cpr));
        expect(await h.register.guardians!(need(h.adult, 'adult'))).toEqual([]);
      },
    );

    it.skipIf(noGuardians !== undefined)(
      `guardians: unknown CPR is NOT_FOUND, a malformed one INVALID_ID, neither message names it${skipped(noGuardians)}`,
      async () => {
        const unknown = need(h.unknownCpr, 'unknownCpr');
        const e1 = await failure(h.register.guardians!(unknown));
        expectCode(e1, 'NOT_FOUND', 'permanent');
        expect(e1.message).not.toContain(unknown);
        expect(e1.message).not.toContain(unknown.slice(6));
        const e2 = await failure(h.register.guardians!('12345'));
        expectCode(e2, 'INVALID_ID', 'permanent');
      },
    );

    it.skipIf(noUnits !== undefined)(`productionUnits: a company's active units with P-number and name${skipped(noUnits)}`, async () => {
      const company = need(h.company, 'company');
      const units = await h.register.productionUnits!(company.cvr);
      expect(units.map((u) => u.pNumber).sort()).toEqual([...company.pNumbers].sort());
      for (const u of units) {
        expect(isValidPNumber(u.pNumber)).toBe(true);
        expect(u.name.trim()).not.toBe('');
        if (u.address) expect(postalAddressSchema.safeParse(u.address).success).toBe(true);
      }
      expect(await h.register.productionUnits!(company.cvr)).toEqual(units);
    });

    it.skipIf(noUnits !== undefined)(
      `productionUnits: unknown CVR is NOT_FOUND, a malformed one INVALID_ID${skipped(noUnits)}`,
      async () => {
        expectCode(await failure(h.register.productionUnits!(need(h.unknownCvr, 'unknownCvr'))), 'NOT_FOUND', 'permanent');
        expectCode(await failure(h.register.productionUnits!('1234')), 'INVALID_ID', 'permanent');
      },
    );

    it.skipIf(opts.skip?.transient !== undefined)(
      `a remote that is down is UNAVAILABLE (transient), and a retry succeeds${skipped(opts.skip?.transient)}`,
      async () => {
        const arm = need(h.injectTransientFailure, 'injectTransientFailure (or skip.transient with a reason)');
        await arm();
        // Ask something not asked before, so no cache can hide the failure.
        const ask = caps.guardians
          ? () => h.register.guardians!(need(h.unknownCpr, 'unknownCpr'))
          : () => h.register.productionUnits!(need(h.unknownCvr, 'unknownCvr'));
        expectCode(await failure(ask()), 'UNAVAILABLE', 'transient');
        expect((await failure(ask())).code).toBe('NOT_FOUND');
      },
    );

    it.skipIf(opts.skip?.cache !== undefined)(
      `a repeated look-up is answered from the cache, not the remote${skipped(opts.skip?.cache)}`,
      async () => {
        const calls = need(h.remoteCalls, 'remoteCalls (or skip.cache with a reason)');
        const ask = caps.guardians
          ? () => h.register.guardians!(need(h.minor, 'minor').cpr)
          : () => h.register.productionUnits!(need(h.company, 'company').cvr);
        await ask();
        const before = await calls();
        await ask();
        expect(await calls()).toBe(before);
      },
    );

    it('never logs a CPR number it looked up', () => {
      const log = h.logged?.() ?? '';
      for (const cpr of [h.minor?.cpr, ...(h.minor?.guardianCprs ?? []), h.adult, h.unknownCpr]) {
        if (cpr) expect(log).not.toContain(cpr);
      }
    });

    opts.additionalTests?.(() => h);
  });
}
