/**
 * @module
 * What the platform does with a message a provider received (`ctx.receive`): store it with its
 * documents, file it in the sender's case in the archive, queue `message.received` webhooks and
 * announce it on the inbox's event stream — all in the one transaction whose commit lets the
 * plugin answer "accept".
 */
import type { InboundMessage, InboundReceipt } from '@brevdue/shared/sdk';
import type { Runtime } from '../app/runtime-types.ts';
import { fileRecord } from '../archive/file-record.ts';
import { enqueueJobs } from '../jobs/enqueue-jobs.ts';
import { QUEUES } from '../jobs/queues.ts';
import { inboundArchiveRecord } from './inbound-archive-record.ts';
import { notifyInboxChange } from './inbox-events.ts';
import { storeInboundMessage } from './store-inbound-message.ts';

/** Receives one message for `provider`; resolves once it is durably stored (see the SDK's `receive`). */
export async function receiveInbound(rt: Runtime, provider: string, message: InboundMessage): Promise<InboundReceipt> {
  // The organisation the message is addressed to (by CVR), else the installation's own.
  const org =
    (message.recipient.idType === 'CVR'
      ? await rt.db
          .selectFrom('organisations')
          .select('id')
          .where('cvr', '=', message.recipient.id)
          .orderBy('created_at')
          .executeTakeFirst()
      : undefined) ??
    (await rt.db.selectFrom('organisations').select('id').where('slug', '=', rt.config.defaultOrganisation.slug).executeTakeFirstOrThrow());
  const stored = await storeInboundMessage(rt.db, rt.blobs, org.id, message, {
    provider,
    inTransaction: async (trx, s) => {
      // Structurally the archive's record input (see inbound-archive-record.ts).
      await fileRecord(trx, rt, inboundArchiveRecord(s) as Parameters<typeof fileRecord>[2]);
      const hooks = await trx
        .selectFrom('webhooks')
        .select('id')
        .where('organisation_id', '=', s.organisationId)
        .where('active', '=', true)
        .execute();
      await enqueueJobs(
        trx,
        rt.queue,
        hooks.map((h) => ({
          name: QUEUES.webhook,
          data: {
            webhookId: h.id,
            event: {
              type: 'message.received',
              data: { id: s.messageId, receivedAt: s.receivedAt.toISOString(), replyTo: s.replyTo?.letterId ?? null },
            },
          },
          retryLimit: 12,
          retryBackoff: true,
          retryDelay: 5,
        })),
      );
      const to = s.routing.assignTo;
      await notifyInboxChange(trx, [
        {
          type: 'received',
          id: s.messageId,
          organisationId: s.organisationId,
          status: to && (to.team || to.user) ? 'assigned' : 'unassigned',
          team: to?.team ?? null,
          user: to?.user ?? null,
        },
      ]);
    },
  });
  rt.logger.info({ inboundId: stored.messageId, provider, duplicate: stored.duplicate }, 'message received');
  return stored;
}
