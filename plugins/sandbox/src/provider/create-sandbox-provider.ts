/**
 * @module
 * The sandbox provider: lookup, idempotent send, batch poll and the callback route, all over
 * HTTP to the sandbox simulator.
 */
import { ProviderError } from '@brevdue/shared/sdk';
import type { LookupResult, OutgoingLetter, PluginContext, PolledLetter, Provider, SendResult, StatusUpdate } from '@brevdue/shared/sdk';
import type { Recipient } from '@brevdue/shared';
import type { SandboxConfig } from '../config.ts';
import { LOOKUP_WARNINGS, PLUGIN_ERRORS } from '../messages.ts';
import { MEDIA_TYPE, WIRE_STATUSES } from '../protocol.ts';
import type { LookupResponse, MessageStatusResponse } from '../protocol.ts';
import { buildWireMessage } from './build-wire-message.ts';
import { mountCallbackRoute } from './callback-route.ts';
import { SimulatorClient, answerError, parseAnswer } from './simulator-client.ts';

/** Most message ids per `POST /statuses` (the simulator's limit). */
const POLL_BATCH = 1000;

/**
 * Creates a sandbox provider instance (the plugin's `create`).
 * @example const provider = createSandboxProvider({ url: sim.url, timeoutMs: 10_000, connections: 128 }, makeTestContext());
 */
export function createSandboxProvider(config: SandboxConfig, context: PluginContext): Provider {
  const client = new SimulatorClient({ url: config.url, timeoutMs: config.timeoutMs, connections: config.connections });
  const callbackUrl = config.callbackSecret ? `${context.publicUrl.replace(/\/+$/, '')}/v1/plugins/${context.name}/callback` : undefined;

  return {
    async lookup(recipient: Recipient): Promise<LookupResult> {
      const x = await client.post('/lookup', { idType: recipient.idType, id: recipient.id });
      if (x.status !== 200) throw answerError(x);
      const r = parseAnswer<LookupResponse>(x);
      const warning = r.registration === 'digital' ? undefined : LOOKUP_WARNINGS[r.registration];
      return { registration: r.registration, ...(r.name ? { name: r.name } : {}), sms: r.sms, ...(warning ? { warnings: [warning] } : {}) };
    },

    async send(letter: OutgoingLetter): Promise<SendResult> {
      const x = await client.post('/messages', await buildWireMessage(letter, callbackUrl));
      if (x.status !== 201 && x.status !== 200) throw answerError(x);
      const r = parseAnswer<MessageStatusResponse>(x);
      if (r.messageId !== letter.messageId || !WIRE_STATUSES.includes(r.status)) {
        throw new ProviderError('permanent', 'BAD_ANSWER', PLUGIN_ERRORS.BAD_ANSWER(x.status), { wire: x.wire, receipt: x.receipt });
      }
      if (r.status === 'failed') {
        // Only a duplicate of a letter that already failed can answer this; the first answer said so too.
        throw new ProviderError('permanent', 'FAILED', r.reason ?? PLUGIN_ERRORS.BAD_ANSWER(x.status), {
          wire: x.wire,
          receipt: x.receipt,
        });
      }
      return {
        providerMessageId: r.messageId,
        status: r.status,
        duplicate: x.status === 200,
        wire: x.wire,
        receipt: x.receipt,
        channel: r.channel,
      };
    },

    async poll(letters: PolledLetter[]): Promise<StatusUpdate[]> {
      const updates: StatusUpdate[] = [];
      const byMessage = new Map(letters.map((l) => [l.providerMessageId, l]));
      for (let i = 0; i < letters.length; i += POLL_BATCH) {
        const ids = letters.slice(i, i + POLL_BATCH).map((l) => l.providerMessageId);
        const x = await client.post('/statuses', { messageIds: ids });
        if (x.status !== 200) throw answerError(x);
        for (const s of parseAnswer<{ statuses: MessageStatusResponse[] }>(x).statuses) {
          if (s.status === 'submitted') continue;
          updates.push({
            providerMessageId: s.messageId,
            ...(byMessage.get(s.messageId) ? { letterId: byMessage.get(s.messageId)!.letterId } : {}),
            status: s.status,
            event: s.status === 'failed' ? 'failed' : 'delivered',
            ...(s.reason ? { reason: s.reason } : {}),
            at: new Date(s.at),
            channel: s.channel,
            raw: { mediaType: MEDIA_TYPE, body: Buffer.from(JSON.stringify(s)) },
          });
        }
      }
      return updates;
    },

    routes(app) {
      mountCallbackRoute(app, context, config.callbackSecret);
    },

    async close() {
      await client.close();
    },
  };
}
