/**
 * @module
 * Delivers one webhook job. A failure throws, and pg-boss retries with back-off.
 */
import type { Job } from 'pg-boss';
import type { Runtime } from '../app/runtime-types.ts';
import type { LetterChange } from '../letters/letter-event-bus.ts';
import { signWebhook } from './sign-webhook.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';

/** One delivery: a letter's status change, or another event (`message.received`). */
export type WebhookJob = { webhookId: string; change: LetterChange } | { webhookId: string; event: { type: string; data: object } };

/**
 * Sends one webhook job to its URL under the egress rules.
 * @throws EgressRefusedError when the URL breaks a rule now; Error when the receiver does not answer 2xx.
 */
export async function deliverWebhook(
  rt: Pick<Runtime, 'db' | 'config' | 'logger'>,
  job: Pick<Job<WebhookJob>, 'id' | 'data'>,
): Promise<void> {
  const hook = await rt.db.selectFrom('webhooks').selectAll().where('id', '=', job.data.webhookId).executeTakeFirst();
  if (!hook || !hook.active) return;
  const body =
    'event' in job.data
      ? JSON.stringify({ type: job.data.event.type, id: job.id, data: job.data.event.data })
      : JSON.stringify({ type: 'letter.status', id: job.id, data: withoutOrganisation(job.data.change) });
  const ts = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json',
    'x-brevdue-timestamp': String(ts),
    'x-brevdue-signature': signWebhook(hook.secret, ts, body),
    'x-brevdue-delivery': job.id,
  };
  // Checked again at every delivery: the URL was checked at registration, but DNS can change since.
  const status = await senderFor(rt).post(hook.url, headers, body, 10_000);
  if (status >= 300 && status < 400) throw new Error(`webhook ${hook.id} answered ${status}; redirects are not followed`);
  if (status < 200 || status >= 300) throw new Error(`webhook ${hook.id} answered ${status}`);
  rt.logger.debug({ webhookId: hook.id, job: job.id }, 'webhook delivered');
}

// One sender (and its connection pool) per running config.
const senders = new WeakMap<object, WebhookSender>();
function senderFor(rt: Pick<Runtime, 'config'>): WebhookSender {
  let s = senders.get(rt.config);
  if (!s) senders.set(rt.config, (s = createWebhookSender(rt.config.webhooks)));
  return s;
}

function withoutOrganisation(change: LetterChange): Omit<LetterChange, 'organisationId'> {
  const { organisationId: _o, ...rest } = change;
  return rest;
}
