/**
 * @module
 * Test helpers for the Digipost plugin's own tests: a running simulator with a provider wired to
 * it, and the simulator's test identities. Not exported from the package.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostalAddress, Recipient } from '@brevdue/shared';
import type { OutgoingLetter, Provider, RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestContext, makeTestLetter } from '@brevdue/shared/testing';
import plugin from './index.ts';

export const IDS = {
  user: '01019010046',
  nonUser: '15058510170',
  unidentified: '24127210019',
  invalid: '31129910065',
  printFails: '07070710093',
  opens: '12035610039',
  orgUser: '910000004',
  orgNonUser: '910000012',
} as const;

export const OSLO_ADDRESS: PostalAddress = {
  name: 'Ola Nordmann',
  lines: ['Prinsensveien 123'],
  postalCode: '0460',
  city: 'Oslo',
  country: 'NO',
};
export const RETURN_ADDRESS: PostalAddress = {
  name: 'KK2 Inkasso AS',
  lines: ['Postboks 1234 Sentrum'],
  postalCode: '0104',
  city: 'Oslo',
  country: 'NO',
};

export const fnr = (id: string, address?: PostalAddress): Recipient => ({ idType: 'FNR', id, ...(address ? { address } : {}) });

/** A letter from an organisation with a return address, to `recipient`. */
export function norwegianLetter(overrides: Partial<OutgoingLetter> = {}): OutgoingLetter {
  const base = makeTestLetter({ recipient: fnr(IDS.user), subject: 'Inkassovarsel', ...overrides });
  return {
    ...base,
    sender: { ...base.sender, name: 'KK2 Inkasso AS', orgnr: '910000020', returnAddress: RETURN_ADDRESS, ...overrides.sender },
  };
}

export interface SimHarness {
  sim: RunningSimulator;
  provider: Provider;
  dataDir: string;
  ctx: ReturnType<typeof makeTestContext>;
  /** Accepted messages as the simulator keeps them. */
  messages(): Promise<Array<{ messageId?: string; method: string; status: string; xml: string; recipientId?: string }>>;
  close(): Promise<void>;
}

/** Starts a simulator in a fresh directory and a provider configured against it. */
export async function startHarness(settings: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Promise<SimHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-digipost-'));
  const sim = await plugin.simulator!.start({ port: 0, dataDir, settings: { eventDelayMs: 0, ...settings } });
  const ctx = makeTestContext({ name: 'digipost', dataDir });
  const provider = await plugin.create(
    plugin.configSchema.parse({ baseUrl: sim.url, brokerId: '1000', certificatePath: String(sim.info!.certificatePath), ...config }),
    ctx,
  );
  return {
    sim,
    provider,
    dataDir,
    ctx,
    messages: async () => (await (await fetch(`${sim.url}/messages`)).json()) as Awaited<ReturnType<SimHarness['messages']>>,
    close: () => sim.close(),
  };
}
