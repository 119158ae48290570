/**
 * @module
 * Dispatch: takes letter jobs in batches, sends each letter through its provider and records
 * the outcomes of the batch — letter rows, events, follow-up jobs, retries and the completion
 * of the batch's jobs — in one transaction.
 *
 * Exactly once: a letter is only sent while it is `queued`/`scheduled`; the provider presents
 * the letter's stable message id, so when a crash loses the outcome of a send that reached the
 * remote, the retry is answered as a duplicate and recorded as the same delivery. A job is
 * completed in the same transaction that records its letter's outcome, so a job is never
 * marked done without its outcome, nor an outcome left with a job that looks unfinished.
 */
import { createHash } from 'node:crypto';
import type { Job } from 'pg-boss';
import { ProviderError, type SendResult } from '@brevdue/shared/sdk';
import type { Recipient, ShipmentRequest } from '@brevdue/shared';
import type { Runtime } from '../app/runtime-types.ts';
import type { BlobStore } from '../blob/blob-store.ts';
import type { DocumentRow, Letter, Organisation } from '../db/schema.ts';
import { applyTransitions, type Transition } from '../letters/apply-transitions.ts';
import type { JobToEnqueue } from '../jobs/enqueue-jobs.ts';
import { planChannel } from '../shipments/channel-plan.ts';
import { DISPATCH_MESSAGES } from './dispatch-messages.ts';
import { bossDb } from '../jobs/pg-boss-adapter.ts';
import { settleJobs } from '../jobs/job-loop.ts';
import { buildOutgoingLetter } from './build-outgoing-letter.ts';
import { type ProviderGate, providerGate } from './provider-gates.ts';
import { recordSendTime } from './send-pace.ts';
import { preflightForPrint } from './print-preflight-step.ts';
import { QUEUES } from '../jobs/queues.ts';
import { leakGuardFor, type LeakVerdict } from '../leak-guard/leak-guard.ts';
import { allDocumentIds, letterDocumentIds } from '../letters/letter-documents.ts';
import { alsoAllowedOf } from '../letters/letter-copies.ts';

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
  /** Set when `transitions` is empty: a letter put back in the queue without an event. */
  letterId?: string;
  transitions: Transition[];
  retryAfterSeconds?: number;
}

/**
 * Sends one batch of letters and records the outcomes together with the completion of the
 * batch's jobs in one transaction. The job loop (job-loop.ts) fails the jobs for a retry if
 * this throws before that transaction commits.
 */
export async function processSendBatch(rt: Runtime, jobs: Job<SendJob>[]): Promise<void> {
  const ids = [...new Set(jobs.map((j) => j.data.letterId))];
  const letters = await rt.db
    .selectFrom('letters')
    .selectAll()
    .where('id', 'in', ids)
    .where('status', 'in', ['queued', 'scheduled'])
    .execute();
  const outcomes = letters.length > 0 ? await sendLetters(rt, letters) : [];

  await rt.db.transaction().execute(async (trx) => {
    const retries: JobToEnqueue[] = outcomes
      .filter((o) => o.retryAfterSeconds !== undefined)
      .map((o) => ({
        name: QUEUES.send,
        data: { letterId: o.letterId ?? o.transitions[0]!.letterId },
        startAfter: new Date(Date.now() + o.retryAfterSeconds! * 1000).toISOString(),
      }));
    const applied = await applyTransitions(
      trx,
      rt.queue,
      outcomes.flatMap((o) => o.transitions),
      retries,
    );
    const held = applied.filter((a) => a.status === 'held').map((a) => a.letterId);
    if (held.length > 0) await trx.updateTable('letters').set({ hold: 'leak_guard' }).where('id', 'in', held).execute();
    // Jobs whose letters were no longer waiting (already sent before a crash) are completed too.
    await settleJobs(
      rt,
      'complete',
      QUEUES.send,
      jobs.map((j) => j.id),
      null,
      bossDb(trx),
    );
  });
}

async function sendLetters(rt: Runtime, letters: Letter[]): Promise<Outcome[]> {
  const shipmentIds = [...new Set(letters.map((l) => l.shipment_id))];
  const shipments = new Map(
    (await rt.db.selectFrom('shipments').select(['id', 'request']).where('id', 'in', shipmentIds).execute()).map((s) => [
      s.id,
      s.request as ShipmentRequest,
    ]),
  );
  const orgIds = [...new Set(letters.map((l) => l.organisation_id))];
  const orgs = new Map((await rt.db.selectFrom('organisations').selectAll().where('id', 'in', orgIds).execute()).map((o) => [o.id, o]));
  const letterDocs = letters.map((l) => allDocumentIds(letterDocumentIds(shipments.get(l.shipment_id)!, l.own_documents)));
  const docIds = [...new Set(letterDocs.flat())];
  const documents = new Map<string, DocumentRow>(
    docIds.length ? (await rt.db.selectFrom('documents').selectAll().where('id', 'in', docIds).execute()).map((d) => [d.id, d]) : [],
  );
  // The last line of defence: nothing leaves with another person's CPR number, whatever was
  // checked when the shipment was made. Engine trouble throws: the jobs are retried.
  // A guardian copy may carry the child's CPR number.
  const alsoAllowed = await alsoAllowedOf(rt.db, letters);
  const verdicts = await leakGuardFor(rt).check(
    letters.map((l, i) => ({
      recipient: l.recipient as Recipient,
      documents: letterDocs[i]!.flatMap((id) => documents.get(id) ?? []),
      alsoAllowed: alsoAllowed[i]!,
    })),
  );
  const blobs = batchReads(rt.blobs);
  const proofs = batchPuts(rt.blobs);
  const outcomes = await Promise.all(
    letters.map((l, i) => {
      const verdict = verdicts[i]!;
      if (verdict.held) return Promise.resolve(heldByLeakGuard(rt, l, verdict));
      return sendOne(rt, blobs, proofs, l, shipments.get(l.shipment_id)!, orgs.get(l.organisation_id)!, documents);
    }),
  );
  // Stored before the transaction that names them; if this fails, the batch's jobs are retried
  // and the remote answers the repeated sends as duplicates of the same delivery.
  await proofs.store();
  return outcomes;
}

/** Wire messages and answers of one batch, stored together once its sends are done. */
interface BatchPuts {
  /** Keeps `body` for `store()`; answers its SHA-256. */
  add(body: Buffer): string;
  store(): Promise<void>;
}

/**
 * Against a slow remote a batch's sends finish over a second or more, and storing each answer
 * as it came made an insert (and a commit) per few letters; stored at the end of the batch, the
 * inline store writes them in one.
 */
function batchPuts(store: BlobStore): BatchPuts {
  const bodies: Buffer[] = [];
  return {
    add(body) {
      bodies.push(body);
      return createHash('sha256').update(body).digest('hex');
    },
    async store() {
      await Promise.all(bodies.map((b) => store.putBuffer(b)));
    },
  };
}

/** The outcome of a letter the leak guard stops: held for review with the reason, not sent. */
function heldByLeakGuard(rt: Runtime, letter: Letter, verdict: Extract<LeakVerdict, { held: true }>): Outcome {
  // Ids and pages only: never the number found.
  rt.logger.warn(
    { letterId: letter.id, shipmentId: letter.shipment_id, documentId: verdict.documentId, pages: verdict.pages },
    'letter held by the leak guard',
  );
  return {
    transitions: [
      {
        letterId: letter.id,
        status: 'held',
        event: 'held',
        reason: verdict.reason,
        data: { hold: 'leak_guard', documentId: verdict.documentId, pages: verdict.pages },
      },
    ],
  };
}

/** The pages of a letter's PDFs (main document and attachments), or undefined when one is not counted. */
function printedPages(request: ShipmentRequest, letter: Letter, documents: Map<string, DocumentRow>): number | undefined {
  let pages = 0;
  for (const id of allDocumentIds(letterDocumentIds(request, letter.own_documents))) {
    const d = documents.get(id);
    if (!d || d.media_type !== 'application/pdf' || d.pages === null) return undefined;
    pages += d.pages;
  }
  return pages;
}

/**
 * The blob store with reads shared within one batch: the letters of a shipment carry the same
 * documents, and reading them from disk once per letter cost more than the send itself.
 */
function batchReads(blobs: BlobStore): BlobStore {
  const reads = new Map<string, Promise<Buffer>>();
  const view = Object.create(blobs) as BlobStore;
  view.read = (sha256) => {
    let r = reads.get(sha256);
    if (!r) {
      r = blobs.read(sha256);
      reads.set(sha256, r);
      r.catch(() => reads.delete(sha256));
    }
    return r;
  };
  return view;
}

async function sendOne(
  rt: Runtime,
  blobs: BlobStore,
  proofs: BatchPuts,
  letter: Letter,
  request: ShipmentRequest,
  org: Organisation,
  documents: Map<string, DocumentRow>,
): Promise<Outcome> {
  const ids = { letterId: letter.id, shipmentId: letter.shipment_id };
  const attempts = letter.attempts + 1;
  let providerName = letter.provider;
  // The channel the policy chose (print after a digital-else-print lookup): a failure is recorded on it.
  let planned: Pick<Transition, 'channel' | 'registration'> = {};
  let gate: ProviderGate | undefined;
  try {
    const plan = await planChannel(rt.plugins, letter.recipient as Recipient, request.channelPolicy);
    if (!plan.ok) {
      rt.logger.info({ ...ids, registration: plan.registration }, 'letter cannot be sent');
      return {
        transitions: [{ letterId: letter.id, status: 'failed', event: 'failed', reason: plan.reason, registration: plan.registration }],
      };
    }
    providerName = plan.provider.name;
    planned = { channel: plan.channel, registration: plan.registration };
    const built = buildOutgoingLetter({
      letter,
      request,
      organisation: org,
      documents,
      blobs,
      channel: plan.channel,
      printFallback: plan.printFallback,
    });
    // A printed letter must show its address in the envelope's window (where the provider asks).
    const checked = await preflightForPrint(rt.pdf, plan.provider.provider, built, blobs, printedPages(request, letter, documents));
    if (!checked.ok) {
      rt.logger.warn({ ...ids, provider: providerName, reason: checked.reason }, 'printed letter failed the address window check');
      return {
        transitions: [
          {
            letterId: letter.id,
            status: 'failed',
            event: 'failed',
            reason: checked.message,
            provider: providerName,
            ...planned,
            data: { code: `print_${checked.reason}` },
          },
        ],
      };
    }
    if (checked.coverPageAdded) rt.logger.info({ ...ids, provider: providerName }, 'address cover page added for print');
    const outgoing = checked.letter;
    // At the remote's pace: a throttling provider's letters go back in the queue untouched (no
    // attempt counted, no event), and a full provider makes only its own letters wait.
    gate = providerGate(rt, providerName);
    const paused = gate.pausedForMs();
    if (paused > 0) return { letterId: letter.id, transitions: [], retryAfterSeconds: Math.ceil(paused / 1000) };
    const release = await gate.acquire();
    let result: SendResult;
    try {
      if (gate.pausedForMs() > 0) return { letterId: letter.id, transitions: [], retryAfterSeconds: Math.ceil(gate.pausedForMs() / 1000) };
      const sentAt = performance.now();
      result = await plan.provider.provider.send(outgoing);
      recordSendTime(rt, performance.now() - sentAt);
    } finally {
      release();
    }
    const wire = { sha256: proofs.add(result.wire.body) };
    const receipt = { sha256: proofs.add(result.receipt.body) };
    if (rt.logger.isLevelEnabled('info')) {
      rt.logger.info(
        { ...ids, provider: providerName, channel: result.channel ?? plan.channel, status: result.status, duplicate: result.duplicate },
        'letter sent',
      );
    }
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
    const transitions: Transition[] = [
      { ...common, status: 'submitted', event: result.duplicate ? 'submitted_duplicate' : 'submitted', data: { attempt: attempts } },
    ];
    if (result.status !== 'submitted')
      transitions.push({ letterId: letter.id, status: result.status, event: 'delivered', channel: common.channel });
    return { transitions };
  } catch (e) {
    const pe = e instanceof ProviderError ? e : undefined;
    const reason = pe ? pe.message : `intern fejl / internal error: ${(e as Error).message}`;
    const proof: Partial<Transition> = {};
    if (pe?.wire) proof.wire = { sha256: (await rt.blobs.putBuffer(pe.wire.body)).sha256, mediaType: pe.wire.mediaType };
    if (pe?.receipt) proof.receipt = { sha256: (await rt.blobs.putBuffer(pe.receipt.body)).sha256, mediaType: pe.receipt.mediaType };
    if (pe?.retryAfterSeconds !== undefined && pe.kind === 'transient') {
      // The remote asks us to slow down: nothing more to it from this process for a while.
      const delay = Math.max(1, Math.ceil(pe.retryAfterSeconds));
      gate?.pause(delay);
      rt.logger.warn(
        { ...ids, provider: providerName, retryAfterSeconds: delay, code: pe.code },
        'provider throttles; pausing sends to it',
      );
      return {
        transitions: [
          {
            letterId: letter.id,
            event: 'retry_scheduled',
            reason,
            data: { throttled: true, retryInSeconds: delay, code: pe.code },
            ...proof,
          },
        ],
        retryAfterSeconds: delay,
      };
    }
    if (pe?.kind === 'permanent') {
      rt.logger.warn({ ...ids, provider: providerName, code: pe.code }, 'letter failed permanently');
      return {
        transitions: [
          {
            letterId: letter.id,
            status: 'failed',
            event: 'failed',
            reason,
            provider: providerName,
            ...planned,
            attempt: true,
            data: { code: pe.code },
            ...proof,
          },
        ],
      };
    }
    if (attempts >= MAX_ATTEMPTS) {
      rt.logger.warn({ ...ids, provider: providerName, attempts }, 'letter failed after retries');
      return {
        transitions: [
          {
            letterId: letter.id,
            status: 'failed',
            event: 'failed',
            reason: DISPATCH_MESSAGES.retriesExhausted(reason),
            provider: providerName,
            ...planned,
            attempt: true,
            ...proof,
          },
        ],
      };
    }
    const delay = retryDelaySeconds(attempts);
    rt.logger.info({ ...ids, provider: providerName, attempts, delay, code: pe?.code }, 'transient failure; retrying');
    return {
      transitions: [
        {
          letterId: letter.id,
          event: 'retry_scheduled',
          reason,
          attempt: true,
          data: { attempt: attempts, retryInSeconds: delay, code: pe?.code ?? 'internal' },
        },
      ],
      retryAfterSeconds: delay,
    };
  }
}
