/**
 * @module
 * The inbound contract as tests, for providers that declare `capabilities.receives`: a message the
 * remote delivers reaches `ctx.receive` once, normalised; the remote hears "accept" only after
 * `receive` resolved; a redelivery is accepted and stored once; malformed input is refused and
 * nothing reaches the platform; a failed store is never answered "accept".
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginContext } from '../sdk/context.ts';
import type { ProviderDefinition } from '../sdk/define.ts';
import type { InboundMessage, InboundReceipt } from '../sdk/inbound.ts';

/** What the remote heard back from the provider. */
export interface InboundDelivery {
  accepted: boolean;
  /** HTTP status (or the remote protocol's nearest equivalent). */
  status: number;
}

/** Malformed input every receiving provider must refuse. */
export type MalformedKind = 'not-xml-or-json' | 'schema-invalid' | 'external-entity';

export interface InboundHarness {
  /** Delivers a well-formed message with this remote message id, as the remote would. */
  deliver(messageId: string): Promise<InboundDelivery>;
  /** Delivers malformed input of one kind, as the remote (or an attacker in its place) would. */
  deliverMalformed(kind: MalformedKind): Promise<InboundDelivery>;
  teardown(): Promise<void>;
}

export interface InboundConformanceOptions {
  definition: ProviderDefinition;
  /** Creates the provider with `receive` as its context's `receive` and readies its inbound route. */
  setup(receive: NonNullable<PluginContext['receive']>): Promise<InboundHarness>;
}

/**
 * Runs the shared inbound suite (skipped, with the reason, for a provider that does not receive).
 * @example testInbound({ definition: plugin, setup: async (receive) => { ... return { deliver, deliverMalformed, teardown }; } });
 */
export function testInbound(opts: InboundConformanceOptions): void {
  const receives = opts.definition.capabilities.receives === true;
  describe.skipIf(!receives)(
    `inbound contract: ${opts.definition.name}${receives ? '' : ' (skipped: capabilities.receives is not set)'}`,
    () => {
      const stored = new Map<string, { id: string; message: InboundMessage }>();
      const calls: InboundMessage[] = [];
      let failing = false;
      let h: InboundHarness;
      // The platform's side, faithfully small: durable-first, idempotent on the remote's id.
      const receive = async (m: InboundMessage): Promise<InboundReceipt> => {
        calls.push(m);
        if (failing) throw new Error('storage unavailable');
        const known = stored.get(m.providerMessageId);
        if (known) return { messageId: known.id, duplicate: true };
        const id = randomUUID();
        stored.set(m.providerMessageId, { id, message: m });
        return { messageId: id, duplicate: false };
      };
      beforeAll(async () => {
        h = await opts.setup(receive);
      });
      afterAll(async () => {
        await h?.teardown();
      });

      it('accepts a message only after handing it to receive, normalised', async () => {
        const id = randomUUID();
        const r = await h.deliver(id);
        expect(r.accepted).toBe(true);
        const m = stored.get(id.toLowerCase())?.message;
        expect(m).toBeDefined();
        expect(m!.providerMessageId).toBe(id.toLowerCase());
        expect(m!.sender.id.length).toBeGreaterThan(0);
        expect(m!.raw.body.length).toBeGreaterThan(0);
        for (const d of m!.documents) {
          expect(Buffer.isBuffer(d.content)).toBe(true);
          expect(d.mediaType).toMatch(/\//);
        }
      });

      it('accepts a redelivery of the same message, stored once', async () => {
        const id = randomUUID();
        expect((await h.deliver(id)).accepted).toBe(true);
        expect((await h.deliver(id)).accepted).toBe(true);
        expect(calls.filter((c) => c.providerMessageId === id.toLowerCase()).length).toBe(2);
        expect([...stored.keys()].filter((k) => k === id.toLowerCase())).toHaveLength(1);
      });

      for (const kind of ['not-xml-or-json', 'schema-invalid', 'external-entity'] as const) {
        it(`refuses ${kind} input; nothing reaches receive`, async () => {
          const before = calls.length;
          const r = await h.deliverMalformed(kind);
          expect(r.accepted).toBe(false);
          expect(r.status).toBeGreaterThanOrEqual(400);
          expect(calls.length).toBe(before);
        });
      }

      it('never answers accept when receive fails (the remote must deliver again)', async () => {
        failing = true;
        try {
          const r = await h.deliver(randomUUID());
          expect(r.accepted).toBe(false);
        } finally {
          failing = false;
        }
      });
    },
  );
}
