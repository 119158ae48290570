/**
 * @module
 * Status news from a provider (callback or poll) turned into letter transitions.
 */
import type { StatusUpdate } from '@brevdue/shared/sdk';
import type { Runtime } from '../app/runtime-types.ts';
import { applyTransitions, type Transition } from './apply-transitions.ts';

/** Records a batch of updates from one provider; unknown letters are logged and ignored. */
export async function reportStatuses(
  rt: Pick<Runtime, 'db' | 'blobs' | 'queue' | 'logger'>,
  provider: string,
  updates: StatusUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  const byMsg = updates.filter((u) => !u.letterId && u.providerMessageId).map((u) => u.providerMessageId!);
  const found = byMsg.length
    ? await rt.db
        .selectFrom('letters')
        .select(['id', 'provider_message_id'])
        .where('provider', '=', provider)
        .where('provider_message_id', 'in', byMsg)
        .execute()
    : [];
  const idOf = new Map(found.map((r) => [r.provider_message_id!, r.id]));
  const known = updates.flatMap((u) => {
    const letterId = u.letterId ?? idOf.get(u.providerMessageId ?? '');
    if (letterId) return [{ u, letterId }];
    rt.logger.warn({ provider, providerMessageId: u.providerMessageId, event: u.event }, 'status for an unknown letter ignored');
    return [];
  });
  // The answers as they came, stored together before the transaction that names them (a poll
  // of 500 letters stored them one by one: 500 inserts in a row).
  const raws = await Promise.all(known.map(({ u }) => (u.raw ? rt.blobs.putBuffer(u.raw.body) : Promise.resolve(undefined))));
  const transitions: Transition[] = known.map(({ u, letterId }, i) => ({
    letterId,
    status: u.status,
    event: u.event,
    reason: u.reason,
    at: u.at,
    raw: u.raw ? { sha256: raws[i]!.sha256, mediaType: u.raw.mediaType } : undefined,
    channel: u.channel,
  }));
  await rt.db.transaction().execute((trx) => applyTransitions(trx, rt.queue, transitions));
}
