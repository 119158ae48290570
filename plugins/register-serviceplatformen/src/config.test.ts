/**
 * Bad config fails with the field named: by the schema at start-up, or by the certificate check
 * when the file, passphrase or CA cannot be used.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginConfigError } from '@brevdue/shared/sdk';
import { makeTestContext } from '@brevdue/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, SERVICE_UUIDS } from './config.ts';
import plugin, { serviceplatformenRegisterSimulator, simulatorConfig, type RunningRegisterSimulator } from './index.ts';

// One PKI for all test files (made once, then reused: RSA key generation is the slow part).
const SIM_DIR = join(tmpdir(), 'brevdue-register-simulator-test');

let sim: RunningRegisterSimulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'register-config-'));
  sim = await serviceplatformenRegisterSimulator.start({ port: 0, dataDir: SIM_DIR });
});
afterAll(async () => sim?.close());

const issues = (raw: unknown) => {
  const r = configSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('config', () => {
  it("fills defaults: test environment, the contracts' service UUIDs, an hour of cache, Danish", () => {
    const c = configSchema.parse(simulatorConfig(sim.info));
    expect(c).toMatchObject({ environment: 'test', cacheSeconds: 3600, language: 'da' });
    expect(c.services.sf1520?.serviceUuid).toBe(SERVICE_UUIDS.sf1520);
  });

  it('names the field of each mistake', () => {
    const good = simulatorConfig(sim.info);
    expect(issues({ ...good, cvr: '123' })).toEqual(["cvr: cvr must be the organisation's CVR number: 8 digits"]);
    expect(issues({ ...good, userUuid: 'nope' })[0]).toMatch(/^userUuid: userUuid must be a UUID/);
    expect(issues({ ...good, services: {} })[0]).toMatch(/^services: services needs sf1520/);
    expect(issues({ ...good, certificate: { path: 'x', passphraseEnv: 'A', passphraseFile: 'b' } })[0]).toMatch(
      /^certificate.passphraseEnv: give either/,
    );
    expect(issues({ ...good, surprise: 1 })[0]).toMatch(/surprise/);
  });

  it('makes an upper-case UUID lower-case, as the InvocationContext pattern needs', () => {
    const c = configSchema.parse({ ...simulatorConfig(sim.info), userUuid: sim.info.userUuid.toUpperCase() });
    expect(c.userUuid).toBe(sim.info.userUuid);
  });

  it('refuses a missing certificate file, a wrong passphrase, a missing environment variable and CA file, naming the field', () => {
    const create = (extra: object) => () =>
      plugin.create(configSchema.parse(simulatorConfig(sim.info, extra)), makeTestContext({ name: 'reg' }));
    expect(create({ certificate: { path: join(dir, 'missing.p12') } })).toThrow(PluginConfigError);
    expect(create({ certificate: { path: join(dir, 'missing.p12') } })).toThrow('config field "certificate.path"');
    const wrong = join(dir, 'wrong-pass');
    writeFileSync(wrong, 'not-the-passphrase');
    expect(create({ certificate: { path: sim.info.clientCertificate, passphraseFile: wrong } })).toThrow(
      'config field "certificate.passphraseFile"',
    );
    expect(create({ certificate: { path: sim.info.clientCertificate, passphraseEnv: 'BREVDUE_TEST_UNSET_VARIABLE' } })).toThrow(
      'config field "certificate.passphraseEnv"',
    );
    expect(create({ endpoints: { serviceplatformen: sim.url, caFile: join(dir, 'no-ca.pem') } })).toThrow(
      'config field "endpoints.caFile"',
    );
  });
});
