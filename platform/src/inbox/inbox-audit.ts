/**
 * @module
 * The audit log's entries of the inbox: every read of received post (the list, a message, a
 * document) and every change of its distribution, with the caller, their address and the sender
 * the message is about (stored masked by the audit log).
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/write-audit.ts';
import type { Database } from '../db/schema.ts';
import type { AuthInfo } from '../http/app-env.ts';

/** What happened: reads and changes of received post. */
export type InboxAuditAction =
  | 'inbox.list'
  | 'inbox.message.read'
  | 'inbox.documents.list'
  | 'inbox.document.read'
  | 'inbox.message.assign'
  | 'inbox.message.done'
  | 'inbox.routing_rules.update';

/**
 * Writes one entry for the caller. `details` carries ids and counts only, never CPR numbers or content.
 * @example await auditInbox(db, auth, 'inbox.message.read', { messageId: m.id, party: m.sender });
 */
export async function auditInbox(
  db: Kysely<Database>,
  auth: AuthInfo,
  action: InboxAuditAction,
  o: { messageId?: string; party?: { idType: string; id: string }; documentSha256?: string; details?: Record<string, unknown> } = {},
): Promise<void> {
  await writeAudit(db, {
    organisationId: auth.organisationId,
    actor: auth.actor,
    actorName: auth.name,
    action,
    ...(o.messageId ? { subjectType: 'inbound_message', subjectId: o.messageId } : {}),
    ...(o.party ? { party: o.party } : {}),
    ...(o.documentSha256 ? { documentSha256: o.documentSha256 } : {}),
    sourceAddress: auth.sourceAddress,
    ...(o.details ? { details: o.details } : {}),
  });
}
