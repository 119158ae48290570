/**
 * @module
 * An informational event on a letter we sent (`reply_received`, `signed_document_received`),
 * written in the caller's transaction. No status change: `applyTransitions` is the door for those.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Records one event on a letter inside `trx`.
 * @example await writeLetterEvent(trx, { letterId, organisationId, type: 'reply_received', data: { inboundMessageId } });
 * @throws when the letter does not exist (foreign key).
 */
export async function writeLetterEvent(
  trx: Kysely<Database>,
  e: { letterId: string; organisationId: string; type: string; data: Record<string, unknown>; at?: Date },
): Promise<void> {
  await trx
    .insertInto('letter_events')
    .values({
      letter_id: e.letterId,
      organisation_id: e.organisationId,
      type: e.type,
      status: null,
      reason: null,
      data: JSON.stringify(e.data),
      raw_sha256: null,
      raw_media_type: null,
      ...(e.at ? { created_at: e.at } : {}),
    })
    .execute();
}
