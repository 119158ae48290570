/**
 * @module
 * Dispatch: takes letter jobs in batches, sends each letter through its provider and records
 * the outcomes of the batch in one transaction.
 *
 * Exactly once: a letter is only sent while it is `queued`/`scheduled`; the provider presents
 * the letter's stable message id, so when a crash loses the outcome of a send that reached the
 * remote, the retry is answered as a duplicate and recorded as the same delivery.
 */
import type { Job } from 'pg-boss';
import { ProviderError, type SendResult } from '@brevdue/shared/sdk';
import type { ShipmentRequest } from '@brevdue/shared';
import type { Runtime } from '../runtime-types.ts';
import type { DocumentRow, Letter, Organisation } from '../db/schema.ts';
import { applyTransitions, type Transition } from '../letters/apply-transitions.ts';
import { planChannel } from '../shipments/channel-plan.ts';
import { MESSAGES } from '../http/messages.ts';
import { bossDb } from '../db/pg-boss-adapter.ts';
import { buildOutgoingLetter } from './build-outgoing-letter.ts';
import { QUEUES } from './queues.ts';

export interface SendJob {
  letterId: string;
}

/** Attempts before a transient failure becomes final. */
export const MAX_ATTEMPTS = 8;

/** Back-off before attempt n+1: 2 s, 4 s, 8 s ... capped at 10 minutes, with jitter. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(600, 2 ** attempts);
  return Math.ceil(base * (0.75 + Math.random() * 0.5));
}

interface Outcome {
  transitions: Transition[];
  retryAfterSeconds?: number;
}

/** Processes one batch of send jobs. */
export async function processSendJobs(rt: Runtime, jobs: Job<SendJob>[]): Promise<void> {
  const ids = [...new Set(jobs.map((j) => j.data.letterId))];
  const letters = await rt.db.selectFrom('letters').selectAll().where('id', 'in', ids).where('status', 'in', ['queued', 'scheduled']).execute();
  if (letters.length === 0) return;
  const shipmentIds = [...new Set(letters.map((l) => l.shipment_id))];
  const shipments = new Map((await rt.db.selectFrom('shipments').select(['id', 'request']).where('id', 'in', shipmentIds).execute()).map((s) => [s.id, s.request as ShipmentRequest]));
  const orgIds = [...new Set(letters.map((l) => l.organisation_id))];
  const orgs = new Map((await rt.db.selectFrom('organisations').selectAll().where('id', 'in', orgIds).execute()).map((o) => [o.id, o]));
  const docIds = [...new Set([...shipments.values()].flatMap((r) => [...(r.mainDocument ? [r.mainDocument] : []), ...r.attachments]))];
  const documents = new Map<string, DocumentRow>(
    docIds.length ? (await rt.db.selectFrom('documents').selectAll().where('id', 'in', docIds).execute()).map((d) => [d.id, d]) : [],
  );

  const outcomes = await Promise.all(letters.map((l) => sendOne(rt, l, shipments.get(l.shipment_id)!, orgs.get(l.organisation_id)!, documents)));

  await rt.db.transaction().execute(async (trx) => {
    await applyTransitions(trx, rt.queue, outcomes.flatMap((o) => o.transitions));
    const retries = outcomes.filter((o) => o.retryAfterSeconds !== undefined);
    if (retries.length > 0) {
      await rt.queue.insert(
        retries.map((o) => ({
          name: QUEUES.send,
          data: { letterId: o.transitions[0]!.letterId },
          startAfter: new Date(Date.now() + o.retryAfterSeconds! * 1000).toISOString(),
        })),
        { db: bossDb(trx) } as never,
      );
    }
  });
}

async function sendOne(rt: Runtime, letter: Letter, request: ShipmentRequest, org: Organisation, documents: Map<string, DocumentRow>): Promise<Outcome> {
  const log = rt.logger.child({ letterId: letter.id, shipmentId: letter.shipment_id });
  const attempts = letter.attempts + 1;
  let providerName = letter.provider;
  try {
    const plan = await planChannel(rt.plugins, letter.recipient as never, request.channelPolicy);
    if (!plan.ok) {
      log.info({ registration: plan.registration }, 'letter cannot be sent');
      return { transitions: [{ letterId: letter.id, status: 'failed', event: 'failed', reason: plan.reason, registration: plan.registration }] };
    }
    providerName = plan.provider.name;
    const outgoing = buildOutgoingLetter({ letter, request, organisation: org, documents, blobs: rt.blobs, channel: plan.channel, printFallback: plan.printFallback });
    const result: SendResult = await plan.provider.provider.send(outgoing);
    const [wire, receipt] = await Promise.all([rt.blobs.putBuffer(result.wire.body), rt.blobs.putBuffer(result.receipt.body)]);
    log.info({ provider: providerName, channel: result.channel ?? plan.channel, status: result.status, duplicate: result.duplicate }, 'letter sent');
    const common = {
      letterId: letter.id,
      channel: result.channel ?? plan.channel,
      provider: providerName,
      registration: plan.registration,
      providerMessageId: result.providerMessageId,
      wire: { sha256: wire.sha256, mediaType: result.wire.mediaType },
      receipt: { sha256: receipt.sha256, mediaType: result.receipt.mediaType },
      attempt: true,
    };
    const transitions: Transition[] = [{ ...common, status: 'submitted', event: result.duplicate ? 'submitted_duplicate' : 'submitted', data: { attempt: attempts } }];
    if (result.status !== 'submitted') transitions.push({ letterId: letter.id, status: result.status, event: 'delivered', channel: common.channel });
    return { transitions };
  } catch (e) {
    const pe = e instanceof ProviderError ? e : undefined;
    const reason = pe ? pe.message : `intern fejl / internal error: ${(e as Error).message}`;
    const proof: Partial<Transition> = {};
    if (pe?.wire) proof.wire = { sha256: (await rt.blobs.putBuffer(pe.wire.body)).sha256, mediaType: pe.wire.mediaType };
    if (pe?.receipt) proof.receipt = { sha256: (await rt.blobs.putBuffer(pe.receipt.body)).sha256, mediaType: pe.receipt.mediaType };
    if (pe?.kind === 'permanent') {
      log.warn({ provider: providerName, code: pe.code }, 'letter failed permanently');
      return { transitions: [{ letterId: letter.id, status: 'failed', event: 'failed', reason, provider: providerName, attempt: true, data: { code: pe.code }, ...proof }] };
    }
    if (attempts >= MAX_ATTEMPTS) {
      log.warn({ provider: providerName, attempts }, 'letter failed after retries');
      return { transitions: [{ letterId: letter.id, status: 'failed', event: 'failed', reason: MESSAGES.retriesExhausted(reason), provider: providerName, attempt: true, ...proof }] };
    }
    const delay = retryDelaySeconds(attempts);
    log.info({ provider: providerName, attempts, delay, code: pe?.code }, 'transient failure; retrying');
    return {
      transitions: [{ letterId: letter.id, event: 'retry_scheduled', reason, attempt: true, data: { attempt: attempts, retryInSeconds: delay, code: pe?.code ?? 'internal' } }],
      retryAfterSeconds: delay,
    };
  }
}
