/**
 * @module
 * Cancelling a failed letter: a person decides it will not be sent again (the recipient moved
 * abroad, the matter is settled). The letter moves to `cancelled` through `applyTransitions`, so
 * its event, the live update and the organisation's webhooks follow as for every status change,
 * and the decision is audited with its actor.
 */
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { lettersOwnedBy } from '../auth/ownership.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Database, Letter } from '../db/schema.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { applyTransitions } from './apply-transitions.ts';
import { LETTER_MESSAGES } from './letter-messages.ts';

/**
 * Cancels the failed letter `id` the caller sees; answers the letter as it is now.
 * @throws ApiError 404 for a letter the caller does not see, 409 for one that is not failed or was resent.
 */
export async function cancelFailedLetter(db: Kysely<Database>, queue: PgBoss, auth: AuthInfo, id: string): Promise<Letter> {
  await db.transaction().execute(async (trx) => {
    const l = await trx
      .selectFrom('letters')
      .select(['id', 'status', 'recipient_type', 'recipient_id'])
      .where('id', '=', id)
      .where(lettersOwnedBy(auth))
      .forUpdate()
      .executeTakeFirst();
    if (!l) notFound('Brevet / the letter');
    if (l.status !== 'failed') throw new ApiError(409, 'not_failed', LETTER_MESSAGES.notFailed(l.status));
    const resent = await trx.selectFrom('letters').select('id').where('resend_of', '=', id).executeTakeFirst();
    if (resent) throw new ApiError(409, 'already_resent', LETTER_MESSAGES.alreadyResent(resent.id));
    await applyTransitions(trx, queue, [
      {
        letterId: id,
        status: 'cancelled',
        event: 'cancelled',
        reason: LETTER_MESSAGES.cancelledByPerson,
        byPerson: true,
        data: { by: auth.actor },
      },
    ]);
    await writeAudit(trx, {
      organisationId: auth.organisationId,
      actor: auth.actor,
      action: 'letter.cancel',
      subjectType: 'letter',
      subjectId: id,
      party: { idType: l.recipient_type, id: l.recipient_id },
      sourceAddress: auth.sourceAddress,
    });
  });
  return db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
