/**
 * @module
 * The provider contract as tests. Every provider plugin runs `testProvider` against its
 * simulator and adds its own cases; a skipped case names its reason.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recipient } from '../domain/recipient.ts';
import type { ProviderDefinition } from '../sdk/define.ts';
import type { OutgoingLetter, Provider } from '../sdk/provider.ts';
import { makeTestLetter } from './fixtures.ts';

export interface ProviderHarness {
  provider: Provider;
  /** How many times the simulator accepted (delivered) a message id. */
  acceptedCount(messageId: string): Promise<number>;
  /** A recipient registered for digital post in the simulator. */
  registered: Recipient;
  /** A recipient not registered, with what print needs (address where the provider requires one). */
  notRegistered: Recipient;
  /** Adjust a test letter to what this provider needs (sender ids, addresses ...). */
  letter?(base: OutgoingLetter): OutgoingLetter;
  teardown(): Promise<void>;
}

export interface ProviderConformanceOptions {
  definition: ProviderDefinition;
  setup(): Promise<ProviderHarness>;
  /** Capability gaps, each with its reason: the case is skipped and the reason shown. */
  skip?: { print?: string; lookup?: string };
}

/**
 * Runs the shared provider suite.
 * @example testProvider({ definition: plugin, setup: async () => { const sim = await plugin.simulator!.start(...); ... } });
 */
export function testProvider(opts: ProviderConformanceOptions): void {
  describe(`provider contract: ${opts.definition.name}`, () => {
    let h: ProviderHarness;
    const letter = (o: Partial<OutgoingLetter> = {}) => {
      const base = makeTestLetter({ recipient: h.registered, ...o });
      return h.letter ? h.letter(base) : base;
    };
    beforeAll(async () => {
      h = await opts.setup();
    });
    afterAll(async () => {
      await h?.teardown();
    });

    it('declares a kind, channels and capabilities', () => {
      expect(opts.definition.kind).toBe('provider');
      expect(opts.definition.channels.length).toBeGreaterThan(0);
      expect(opts.definition.capabilities.maxShipmentBytes).toBeGreaterThan(0);
    });

    // A print-only provider (a print vendor) knows nothing of digital registration.
    it.skipIf(opts.skip?.lookup !== undefined)(
      `looks up a registered and a non-registered recipient ${opts.skip?.lookup ? `(skipped: ${opts.skip.lookup})` : ''}`,
      async () => {
        expect((await h.provider.lookup(h.registered)).registration).toBe('digital');
        expect((await h.provider.lookup(h.notRegistered)).registration).not.toBe('digital');
      },
    );

    it('sends a letter and hands back the exact wire message and the answer', async () => {
      const l = letter();
      const r = await h.provider.send(l);
      expect(r.duplicate).toBe(false);
      expect(r.wire.body.length).toBeGreaterThan(0);
      expect(r.wire.mediaType).toMatch(/\//);
      expect(r.receipt.body.length).toBeGreaterThan(0);
      expect(['submitted', 'delivered_digital', 'delivered_print', 'delivered_sms']).toContain(r.status);
      expect(await h.acceptedCount(l.messageId)).toBe(1);
    });

    it('is idempotent: a repeated send of the same letter is a duplicate, not a second delivery', async () => {
      const l = letter();
      await h.provider.send(l);
      const again = await h.provider.send(l);
      expect(again.duplicate).toBe(true);
      expect(await h.acceptedCount(l.messageId)).toBe(1);
    });

    it.skipIf(opts.skip?.print !== undefined)(
      `prints for a non-registered recipient ${opts.skip?.print ? `(skipped: ${opts.skip.print})` : ''}`,
      async () => {
        const l = letter({ recipient: h.notRegistered, channel: 'print', letterId: randomUUID() });
        const r = await h.provider.send({ ...l, messageId: l.letterId });
        expect(['submitted', 'delivered_print']).toContain(r.status);
      },
    );
  });
}
