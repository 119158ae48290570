/**
 * The shared register contract against the sandbox table, and the table's own rules.
 */
import { makeTestContext, recordingLogger, testRegister } from '@brevdue/shared/testing';
import { PluginConfigError } from '@brevdue/shared/sdk';
import { describe, expect, it } from 'vitest';
import sandboxRegister from './index.ts';
import { SANDBOX_PERSONS } from './register-table.ts';

const log = recordingLogger();
const at = new Date('2026-12-05T12:00:00Z');
const context = (now = at) => makeTestContext({ name: 'sandbox-register', logger: log.logger, clock: { now: () => now } });
const create = (config: unknown = {}, now = at) => sandboxRegister.create(sandboxRegister.configSchema.parse(config), context(now));

testRegister({
  definition: sandboxRegister,
  skip: {
    transient: 'the sandbox register is a table in memory: there is no remote that can be down',
    cache: 'the sandbox register answers from memory: there is nothing to cache',
  },
  async setup() {
    return {
      register: await create(),
      minor: { cpr: '2208164311', guardianCprs: ['1203824312', '0409794313'] },
      adult: '0101904321',
      unknownCpr: '0404704444',
      company: { cvr: '29189846', pNumbers: ['1003388394', '1017605124', '1017605132'] },
      unknownCvr: '17890018',
      logged: log.text,
      teardown: async () => {},
    };
  },
  additionalTests(h) {
    it('every minor in the built-in table has two custody holders (checked on the dates it will be used)', async () => {
      for (const year of [2026, 2028, 2030]) {
        const reg = await create({}, new Date(`${year}-01-01T12:00:00Z`));
        for (const p of SANDBOX_PERSONS.filter((x) => (x.custody ?? []).length > 0)) {
          expect(await reg.guardians!(p.cpr)).toHaveLength(2);
        }
      }
    });

    it('names relations as CPR does: mother/father, or two other holders (types 5 and 6)', async () => {
      const holders = await h().register.guardians!('0302124317');
      expect(holders.map((g) => g.relation)).toEqual(['other', 'other']);
      expect(holders.map((g) => g.name)).toEqual(['Birthe Nielsen', 'Hans Nielsen']);
    });

    it('answers no address for a holder with address protection', async () => {
      const [mother, father] = await h().register.guardians!('3006134328');
      expect(mother).toMatchObject({ name: 'Sara Larsen', addressProtected: true });
      expect(mother!.address).toBeUndefined();
      expect(father!.address).toMatchObject({ lines: ['Havnegade 3, 2. th.'], postalCode: '5000' });
    });

    it('custody ends at 18: a child of the table answers no holders once it has come of age', async () => {
      const later = await create({}, new Date('2034-08-22T12:00:00Z')); // Oliver, born 22 August 2016
      expect(await later.guardians!('2208164311')).toEqual([]);
      const dayBefore = await create({}, new Date('2034-08-21T12:00:00Z'));
      expect(await dayBefore.guardians!('2208164311')).toHaveLength(2);
    });

    it('leaves out ceased units; a company with only ceased units answers none', async () => {
      expect((await h().register.productionUnits!('29189846')).map((u) => u.pNumber)).not.toContain('1002345678');
      expect(await h().register.productionUnits!('41020008')).toEqual([]);
    });

    it('takes extra rows from the config, and refuses a minor without two holders naming the field', async () => {
      const reg = await create({ companies: [{ cvr: '17890018', name: 'Ny ApS', units: [{ pNumber: '1122334455', name: 'Ny ApS' }] }] });
      expect(await reg.productionUnits!('17890018')).toEqual([{ pNumber: '1122334455', name: 'Ny ApS' }]);
      const bad = () =>
        create({ persons: [{ cpr: '0101154321', name: 'Alene Barn', custody: [{ cpr: '1203824312', relation: 'mother' }] }] });
      expect(bad).toThrow(PluginConfigError);
      expect(bad).toThrow(/persons\.\d+\.custody.*two custody holders/);
    });

    it('speaks English when configured', async () => {
      const reg = await create({ language: 'en' });
      await expect(reg.guardians!('0404704444')).rejects.toThrow(/not in the sandbox register/);
      await expect(h().register.guardians!('0404704444')).rejects.toThrow(/findes ikke/);
    });
  },
});

describe('sandbox register definition', () => {
  it('is a register with both capabilities', () => {
    expect(sandboxRegister.kind).toBe('register');
    expect(sandboxRegister.capabilities).toEqual({ guardians: true, productionUnits: true });
  });
});
