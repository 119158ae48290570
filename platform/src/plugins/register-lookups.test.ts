import { describe, expect, it } from 'vitest';
import { loadSandboxRegister } from '../../test/plugins/load-sandbox-register.ts';
import { type Register, ProviderError } from '@brevdue/shared/sdk';
import { makeTestContext } from '@brevdue/shared/testing';
import type { RegisterInstance } from './plugin-host.ts';
import { createRegisterLookups } from './register-lookups.ts';

const sandboxRegister = await loadSandboxRegister();

const EMMA = '1505144320'; // a minor in the sandbox register, two custody holders

/** The sandbox register, counting the calls that reach it. */
async function countingHost() {
  const inner = await sandboxRegister.create(sandboxRegister.configSchema.parse({}), makeTestContext({ name: 'sandbox-register' }));
  const calls = { guardians: 0, productionUnits: 0 };
  const register: Register = {
    guardians: (cpr) => (calls.guardians++, inner.guardians!(cpr)),
    productionUnits: (cvr) => (calls.productionUnits++, inner.productionUnits!(cvr)),
  };
  const instance: RegisterInstance = { name: 'sandbox-register', definition: sandboxRegister, register };
  return { host: { registers: new Map([[instance.name, instance]]) }, calls };
}

describe('register look-ups', () => {
  it('asks the register once per number while the answer is fresh, concurrent asks included, and again after the TTL', async () => {
    const { host, calls } = await countingHost();
    let now = 1_000_000; // lru-cache reads a start time of 0 as "never stale"
    const lookups = createRegisterLookups(host, { ttlMs: 60_000, now: () => now });
    expect(lookups.guardiansBy).toBe('sandbox-register');
    const [a, b] = await Promise.all([lookups.guardians(EMMA), lookups.guardians(EMMA)]);
    expect(a.map((g) => g.relation).sort()).toEqual(['father', 'mother']);
    expect(b).toEqual(a);
    await lookups.guardians(EMMA);
    expect(calls.guardians).toBe(1);
    now += 60_001;
    await lookups.guardians(EMMA);
    expect(calls.guardians).toBe(2);
    expect((await lookups.productionUnits('29189846')).map((u) => u.pNumber)).toContain('1017605124');
  });

  it('keeps no failure: an unknown number is asked again', async () => {
    const { host, calls } = await countingHost();
    const lookups = createRegisterLookups(host);
    const unknown = '0101154321'; // a minor's CPR number the register does not know
    await expect(lookups.guardians(unknown)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(lookups.guardians(unknown)).rejects.toBeInstanceOf(ProviderError);
    expect(calls.guardians).toBe(2);
  });

  it('without a register, fails with NOT_SUPPORTED saying what to configure', async () => {
    const lookups = createRegisterLookups({ registers: new Map() });
    expect(lookups.guardiansBy).toBeUndefined();
    await expect(lookups.productionUnits('29189846')).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: expect.stringMatching(/@brevdue\/plugin-sandbox\/register/),
    });
  });
});
