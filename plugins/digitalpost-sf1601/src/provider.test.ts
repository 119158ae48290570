/**
 * The provider against its simulator: the shared provider contract, then statuses for every
 * channel, token renewal, the lookup cache and start-up refusals of bad certificates.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Recipient } from '@brevdue/shared';
import { PluginConfigError, type Provider } from '@brevdue/shared/sdk';
import { makeTestContext, makeTestLetter, testProvider } from '@brevdue/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { acceptedMessages } from './simulator/inspect.ts';
import { sf1601Simulator, type Sf1601SimulatorInfo } from './simulator/index.ts';

type Sim = Awaited<ReturnType<typeof sf1601Simulator.start>> & { info: Sf1601SimulatorInfo; expireTokens(): void };

const address = (name: string) => ({ name, lines: ['Testvej 12, 2. tv'], postalCode: '8000', city: 'Aarhus C', country: 'DK' });
const registered: Recipient = { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' };
const notRegistered: Recipient = { idType: 'CPR', id: '0303904313', name: 'Ane Jensen', address: address('Ane Jensen') };

async function startSim(settings: Record<string, unknown> = { statusDelayMs: 0 }): Promise<Sim> {
  return (await sf1601Simulator.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'sf1601-')), settings })) as Sim;
}

function configFor(sim: Sim, extra: Record<string, unknown> = {}) {
  return plugin.configSchema.parse({
    cvr: '29189846',
    endpoints: { serviceplatformen: sim.info.serviceplatformen, sts: sim.info.sts, caFile: sim.info.caFile },
    certificate: { path: sim.info.clientCertificate, passphraseFile: sim.info.passphraseFile },
    ...extra,
  });
}

testProvider({
  definition: plugin,
  setup: async () => {
    const sim = await startSim();
    const provider = await plugin.create(configFor(sim), makeTestContext({ name: 'digitalpost-sf1601' }));
    return {
      provider,
      registered,
      notRegistered,
      acceptedCount: async (id) => (await acceptedMessages({ url: sim.url, caFile: sim.info.caFile }, id)).length,
      teardown: async () => {
        await provider.close?.();
        await sim.close();
      },
    };
  },
});

describe('digitalpost-sf1601 against its simulator', () => {
  let sim: Sim;
  let provider: Provider;
  let ctx: ReturnType<typeof makeTestContext>;
  beforeAll(async () => {
    sim = await startSim({ statusDelayMs: 0, failDelivery: ['0707904319'] });
    ctx = makeTestContext({ name: 'digitalpost-sf1601' });
    provider = await plugin.create(configFor(sim, { memoVersion: '1.1' }), ctx);
  });
  afterAll(async () => {
    await provider?.close?.();
    await sim?.close();
  });

  const pollOne = async (letterId: string, channel: 'digital' | 'print' | 'sms') =>
    provider.poll!([{ letterId, providerMessageId: letterId, channel, submittedAt: new Date() }]);

  it('digital, print fallback, NemSMS and a failed delivery each get a final status', async () => {
    const digital = makeTestLetter({ recipient: registered });
    const fallback = makeTestLetter({ recipient: notRegistered, printFallback: true });
    const sms = makeTestLetter({ recipient: registered, channel: 'sms', mainDocument: undefined, smsText: 'Husk mødet i morgen kl. 10.' });
    const failing = makeTestLetter({ recipient: { idType: 'CPR', id: '0707904319', address: address('Bo Ask') }, channel: 'print' });
    const results = await Promise.all([digital, fallback, sms, failing].map((l) => provider.send(l)));
    expect(results.map((r) => r.channel)).toEqual(['digital', undefined, 'sms', 'print']);
    const [d, f, s, x] = await Promise.all([
      pollOne(digital.letterId, 'digital'),
      pollOne(fallback.letterId, 'digital'),
      pollOne(sms.letterId, 'sms'),
      pollOne(failing.letterId, 'print'),
    ]);
    expect(d[0]).toMatchObject({ status: 'delivered_digital', channel: 'digital', event: 'delivered' });
    expect(f[0]).toMatchObject({ status: 'delivered_print', channel: 'print' });
    expect(s[0]).toMatchObject({ status: 'delivered_sms', channel: 'sms' });
    expect(x[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('retur') });
    expect(d[0]!.raw!.body.toString()).toContain('<Status>LEVERET</Status>');
  });

  it('the simulator keeps exactly the bytes the provider reports as sent (MeMo 1.1 here)', async () => {
    const l = makeTestLetter({ recipient: registered });
    const r = await provider.send(l);
    const [m] = await acceptedMessages({ url: sim.url, caFile: sim.info.caFile }, l.messageId);
    expect(m!.xml).toBe(r.wire.body.toString('utf8'));
    expect(m!.xml).toContain('memoSchVersion="1.1.0"');
  });

  it('a refused letter fails permanently with the remote reason and keeps the wire as proof', async () => {
    const l = makeTestLetter({ recipient: { idType: 'CPR', id: '0505904315' }, printFallback: false });
    const err = await provider.send(l).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', code: 'NOT_REGISTERED' });
    expect((err as { wire?: { body: Buffer } }).wire?.body.length).toBeGreaterThan(0);
    expect((err as Error).message).toMatch(/fritaget|cannot receive Digital Post/);
  });

  it('an expired token is renewed and the send goes through', async () => {
    await provider.send(makeTestLetter({ recipient: registered }));
    sim.expireTokens();
    const r = await provider.send(makeTestLetter({ recipient: registered }));
    expect(r.duplicate).toBe(false);
  });

  it('lookup answers from the cache the second time (no CPR in the cache key)', async () => {
    const r = { idType: 'CPR' as const, id: '0404904310' };
    expect(await provider.lookup(r)).toMatchObject({ registration: 'not_registered', sms: true });
    await sim.close();
    // The simulator is gone: only the cache can answer now.
    expect(await provider.lookup(r)).toMatchObject({ registration: 'not_registered', sms: true });
    sim = await startSim({ statusDelayMs: 0 });
  });
});

describe('start-up refusals', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => sim?.close());

  it('a missing certificate file names certificate.path', async () => {
    const cfg = configFor(sim, { certificate: { path: '/nonexistent/org.p12', passphraseFile: sim.info.passphraseFile } });
    expect(() => plugin.create(cfg, makeTestContext())).toThrow(PluginConfigError);
    expect(() => plugin.create(cfg, makeTestContext())).toThrow(/certificate\.path/);
  });
  it('an unset passphrase variable names certificate.passphraseEnv', () => {
    const cfg = configFor(sim, { certificate: { path: sim.info.clientCertificate, passphraseEnv: 'BREVDUE_TEST_UNSET_PASSPHRASE' } });
    expect(() => plugin.create(cfg, makeTestContext())).toThrow(/certificate\.passphraseEnv.*BREVDUE_TEST_UNSET_PASSPHRASE/);
  });
  it('a wrong passphrase names the passphrase field', () => {
    process.env.BREVDUE_TEST_WRONG_PASSPHRASE = 'not-it';
    const cfg = configFor(sim, { certificate: { path: sim.info.clientCertificate, passphraseEnv: 'BREVDUE_TEST_WRONG_PASSPHRASE' } });
    expect(() => plugin.create(cfg, makeTestContext())).toThrow(/certificate\.passphraseEnv.*passphrase/);
  });
});
