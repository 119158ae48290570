/**
 * @module
 * Delivers one webhook job. A failure throws, and pg-boss retries with back-off.
 */
import type { Job } from 'pg-boss';
import type { Runtime } from '../runtime-types.ts';
import type { LetterChange } from '../letters/letter-event-bus.ts';
import { signWebhook } from './sign-webhook.ts';

export interface WebhookJob {
  webhookId: string;
  change: LetterChange;
}

export async function deliverWebhook(rt: Runtime, job: Job<WebhookJob>): Promise<void> {
  const hook = await rt.db.selectFrom('webhooks').selectAll().where('id', '=', job.data.webhookId).executeTakeFirst();
  if (!hook || !hook.active) return;
  const { organisationId: _o, ...change } = job.data.change;
  const body = JSON.stringify({ type: 'letter.status', id: job.id, data: change });
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(hook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-brevdue-timestamp': String(ts), 'x-brevdue-signature': signWebhook(hook.secret, ts, body), 'x-brevdue-delivery': job.id },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook ${hook.id} answered ${res.status}`);
  rt.logger.debug({ webhookId: hook.id, letterId: change.letterId }, 'webhook delivered');
}
