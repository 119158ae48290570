/**
 * @module
 * Delivers one webhook job. A failure throws, and pg-boss retries with back-off.
 */
import type { Job } from 'pg-boss';
import type { Runtime } from '../app/runtime-types.ts';
import type { LetterChange } from '../letters/letter-event-bus.ts';
import { signWebhook } from './sign-webhook.ts';

/** One delivery: a letter's status change, or another event (`message.received`). */
export type WebhookJob = { webhookId: string; change: LetterChange } | { webhookId: string; event: { type: string; data: object } };

export async function deliverWebhook(rt: Runtime, job: Job<WebhookJob>): Promise<void> {
  const hook = await rt.db.selectFrom('webhooks').selectAll().where('id', '=', job.data.webhookId).executeTakeFirst();
  if (!hook || !hook.active) return;
  const body =
    'event' in job.data
      ? JSON.stringify({ type: job.data.event.type, id: job.id, data: job.data.event.data })
      : JSON.stringify({ type: 'letter.status', id: job.id, data: withoutOrganisation(job.data.change) });
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(hook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-brevdue-timestamp': String(ts), 'x-brevdue-signature': signWebhook(hook.secret, ts, body), 'x-brevdue-delivery': job.id },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook ${hook.id} answered ${res.status}`);
  rt.logger.debug({ webhookId: hook.id, job: job.id }, 'webhook delivered');
}

function withoutOrganisation(change: LetterChange): Omit<LetterChange, 'organisationId'> {
  const { organisationId: _o, ...rest } = change;
  return rest;
}
