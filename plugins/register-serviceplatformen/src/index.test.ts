/**
 * The shared register contract against the simulator over HTTPS with mutual TLS, and the cases
 * particular to CPR and CVR: how custody records read, protection, deceased holders, ceased units,
 * the cache and its keys.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestContext, recordingLogger, testRegister } from '@brevdue/shared/testing';
import type { PluginContext, Register } from '@brevdue/shared/sdk';
import { expect, it } from 'vitest';
import plugin, { configSchema, serviceplatformenRegisterSimulator, simulatorConfig, type RunningRegisterSimulator } from './index.ts';
import { createServiceplatformenRegister } from './create-serviceplatformen-register.ts';
import { simulatorRequest } from './simulator/sim-request.ts';

// One PKI for all test files (made once, then reused: RSA key generation is the slow part).
const SIM_DIR = join(tmpdir(), 'brevdue-register-simulator-test');

const log = recordingLogger();
let sim: RunningRegisterSimulator;
let context: PluginContext;
const stateKeys = new Set<string>();

const build = (extra = {}, ctx: PluginContext = context): Register =>
  createServiceplatformenRegister(configSchema.parse(simulatorConfig(sim.info, extra)), ctx);

testRegister({
  definition: plugin,
  async setup() {
    sim = await serviceplatformenRegisterSimulator.start({ port: 0, dataDir: SIM_DIR });
    const base = makeTestContext({
      name: 'register-serviceplatformen',
      logger: log.logger,
      clock: { now: () => new Date('2026-12-05T12:00:00Z') },
    });
    // Records every state key the plugin writes, to check none holds a CPR number.
    context = {
      ...base,
      state: {
        ...base.state,
        set: async (k, v, ttl) => {
          stateKeys.add(k);
          await base.state.set(k, v, ttl);
        },
      },
    };
    return {
      register: build(),
      minor: { cpr: '1505144320', guardianCprs: ['1203824312', '0409794313'] },
      adult: '0101904321',
      unknownCpr: '0404704444',
      company: { cvr: '29189846', pNumbers: ['1003388394', '1017605124'] },
      unknownCvr: '17890018',
      injectTransientFailure: async () => {
        expect(
          (await simulatorRequest({ url: sim.url, caFile: sim.info.caFile }, '/_simulator/fail-next', { method: 'POST' })).status,
        ).toBe(200);
      },
      remoteCalls: async () => Object.values(sim.calls()).reduce((a, b) => a + b, 0),
      logged: log.text,
      teardown: () => sim.close(),
    };
  },
  additionalTests(h) {
    it('reads custody types 5 and 6 (other holders) from relationPersonnummer, with their addresses', async () => {
      const holders = await h().register.guardians!('0302124317');
      expect(holders).toEqual([
        {
          cpr: '1706554326',
          name: 'Birthe Nielsen',
          relation: 'other',
          address: { name: 'Birthe Nielsen', lines: ['Kirkestien 7'], postalCode: '7100', city: 'Vejle', country: 'DK' },
        },
        {
          cpr: '2111524319',
          name: 'Hans Nielsen',
          relation: 'other',
          address: {
            name: 'Hans Nielsen',
            lines: ['c/o Birthe Nielsen', 'Kirkestien 7'],
            postalCode: '7100',
            city: 'Vejle',
            country: 'DK',
          },
        },
      ]);
    });

    it('reads types 3 and 4 as mother and father; a protected holder comes without address, a floor and door are kept', async () => {
      const [mother, father] = await h().register.guardians!('3006134328');
      expect(mother).toEqual({ cpr: '0811874324', name: 'Sara Larsen', relation: 'mother', addressProtected: true });
      expect(father).toMatchObject({
        relation: 'father',
        address: { lines: ['Havnegade 3, 2. th'], postalCode: '5000', city: 'Odense C' },
      });
    });

    it('leaves out a holder who has died (CPR status 90)', async () => {
      expect((await h().register.guardians!('1207154326')).map((g) => g.name)).toEqual(['Lise Madsen']);
    });

    it('leaves out units whose lifecycle has ended', async () => {
      const units = await h().register.productionUnits!('29189846');
      expect(units.map((u) => u.pNumber)).not.toContain('1002345678');
      expect(units[0]).toEqual({
        pNumber: '1003388394',
        name: 'Testkommune Rådhus',
        address: { name: 'Testkommune Rådhus', lines: ['Rådhuspladsen 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' },
      });
    });

    it('caches under keys that hold no CPR number nor its plain SHA-256; a second process shares the cache', async () => {
      expect(stateKeys.size).toBeGreaterThan(0);
      for (const k of stateKeys) expect(k).not.toMatch(/\d{10}/);
      const before = Object.values(sim.calls()).reduce((a, b) => a + b, 0);
      await build().guardians!('1505144320'); // a new instance, same state: no remote call
      expect(Object.values(sim.calls()).reduce((a, b) => a + b, 0)).toBe(before);
    });

    it('with cacheSeconds 0 every look-up asks the remote', async () => {
      const reg = build({ cacheSeconds: 0 });
      const count = () => sim.calls()['PersonLookupRequest'] ?? 0;
      const before = count();
      await reg.guardians!('0302124317');
      await reg.guardians!('0302124317');
      expect(count()).toBe(before + 6); // the child and two holders, twice
      await reg.close?.();
    });

    it('a service missing from the config is NOT_SUPPORTED naming the field; the simulator refuses a wrong agreement', async () => {
      const cprOnly = build({ services: { sf1520: { serviceAgreementUuid: sim.info.serviceAgreements.sf1520 } } });
      await expect(cprOnly.productionUnits!('29189846')).rejects.toMatchObject({
        code: 'NOT_SUPPORTED',
        message: expect.stringContaining('services.sf1530.serviceAgreementUuid'),
      });
      const wrong = build({ services: { sf1520: { serviceAgreementUuid: '99999999-9999-4999-8999-999999999999' } }, cacheSeconds: 0 });
      await expect(wrong.guardians!('1505144320')).rejects.toMatchObject({ code: 'AUTH_FAILED', kind: 'permanent' });
      await cprOnly.close?.();
      await wrong.close?.();
    });

    it('a certificate from another CA is refused: AUTH_FAILED, permanent', async () => {
      const foreign = build({
        certificate: { path: sim.info.foreignClientCertificate, passphraseFile: sim.info.passphraseFile },
        cacheSeconds: 0,
      });
      await expect(foreign.guardians!('1505144320')).rejects.toMatchObject({ code: 'AUTH_FAILED', kind: 'permanent' });
      await foreign.close?.();
    });

    it('speaks English when configured, Danish by default', async () => {
      const en = build({ language: 'en', cacheSeconds: 0 });
      await expect(en.guardians!('0404704444')).rejects.toThrow('The CPR number is not in the CPR register');
      await expect(h().register.guardians!('0404704444')).rejects.toThrow('CPR-nummeret findes ikke');
      await en.close?.();
    });
  },
});
