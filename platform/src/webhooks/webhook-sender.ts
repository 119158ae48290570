/**
 * @module
 * The one HTTP client webhooks leave the platform through. Every request is checked before it
 * is sent (scheme, literal address) and every connection resolves its host through the guarded
 * lookup (names); redirects are never followed — a 3xx is an answer like any other.
 */
import { Agent, request } from 'undici';
import { checkUrlShape, egressPolicy } from './egress-rules.ts';
import { EgressRefusedError, guardedLookup, resolveAll, type ResolveAll } from './guarded-lookup.ts';
import type { WebhookConfig } from './webhook-config.ts';

/** Sends webhook requests under the egress rules. */
export interface WebhookSender {
  /** POSTs `body`; resolves with the status. @throws EgressRefusedError when the target breaks a rule. */
  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A sender for the config's `webhooks` section.
 * @example const sender = createWebhookSender(rt.config.webhooks); await sender.post(url, headers, body, 10_000);
 */
export function createWebhookSender(config: WebhookConfig, resolve: ResolveAll = resolveAll): WebhookSender {
  const policy = egressPolicy(config);
  const agent = new Agent({ connect: { lookup: guardedLookup(policy, resolve) } });
  return {
    async post(url, headers, body, timeoutMs) {
      const target = new URL(url);
      const refusal = checkUrlShape(policy, target);
      if (refusal) throw new EgressRefusedError(refusal);
      const res = await request(target, { method: 'POST', headers, body, dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
      // The answer's body is not used; read it so the connection can be reused.
      await res.body.dump();
      return res.statusCode;
    },
    close: () => agent.close(),
  };
}
