import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineRegister } from './define.ts';
import { ProviderError } from './errors.ts';
import { callRegister, REGISTER_ERROR_CODES, registerError, type Register } from './register.ts';

const base = { name: 'my-register', description: 'test', configSchema: z.object({}) };

describe('defineRegister', () => {
  it('makes a register definition of this SDK version', () => {
    const def = defineRegister({
      ...base,
      capabilities: { guardians: true, productionUnits: false },
      create: () => ({ guardians: async () => [] }),
    });
    expect(def).toMatchObject({ kind: 'register', sdkVersion: 1, capabilities: { guardians: true, productionUnits: false } });
  });

  it('refuses a register that declares no capability, and a bad name', () => {
    expect(() => defineRegister({ ...base, capabilities: { guardians: false, productionUnits: false }, create: () => ({}) })).toThrow(
      /declare at least one capability/,
    );
    expect(() =>
      defineRegister({ ...base, name: 'My Register', capabilities: { guardians: true, productionUnits: false }, create: () => ({}) }),
    ).toThrow(/kebab-case/);
  });
});

describe('register errors', () => {
  it('take their kind from the code', () => {
    for (const [code, kind] of Object.entries(REGISTER_ERROR_CODES)) {
      const e = registerError(code as keyof typeof REGISTER_ERROR_CODES, 'x');
      expect(e).toBeInstanceOf(ProviderError);
      expect(e.kind).toBe(kind);
      expect(e.code).toBe(code);
    }
    expect(REGISTER_ERROR_CODES.UNAVAILABLE).toBe('transient');
  });

  it('callRegister names the plugin and capability a register lacks', async () => {
    const reg: Register = { guardians: async (cpr) => [{ cpr, name: 'A', relation: 'mother' }] };
    expect(await callRegister(reg, 'mine', 'guardians', '0101904321')).toHaveLength(1);
    await expect(callRegister(reg, 'mine', 'productionUnits', '29189846')).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      kind: 'permanent',
      message: expect.stringContaining('register "mine"'),
    });
  });
});
