/**
 * @module
 * Reading and working the inbox: the paged list behind `GET /v1/inbox`, one message with its
 * documents, assigning and closing. Every function is scoped to what one caller sees
 * (`inbox-access.ts`): another organisation's or another team's message is simply not there.
 * Assigning and closing announce the change (`inbox-events.ts`) in their own transaction.
 */
import { sql, type Kysely } from 'kysely';
import { maskCpr } from '@brevdue/shared';
import type { Database } from '../db/schema.ts';
import type { InboundDocumentRow, InboundMessageRow, InboxStatus } from '../db/inbox-schema.ts';
import { type InboxScope, organisationScope, visibleTo } from './inbox-access.ts';
import { notifyInboxChange } from './inbox-events.ts';

/** Filters and paging of `GET /v1/inbox` (paging as the archive search has it). */
export interface InboxFilter {
  status?: InboxStatus;
  team?: string;
  /** The sender's CPR/CVR, exactly. */
  party?: string;
  /** Words in the subject or the sender's name. */
  text?: string;
  page?: number;
  pageSize?: number;
}

/** A document as the inbox shows it. */
export interface InboxDocumentView {
  id: string;
  filename: string;
  mediaType: string;
  bytes: number;
  role: string;
  /** False: not a PDF we could open — shown to staff as a flag; the bytes are kept as received. */
  readablePdf: boolean;
}

/** One item of the inbox. */
export interface InboxItem {
  id: string;
  receivedAt: string;
  sender: { idType: string; id: string; name: string | null };
  subject: string;
  contactPoint: string | null;
  assignedTo: { team: string | null; user: string | null } | null;
  status: InboxStatus;
  replyTo: { letterId: string; shipmentId: string } | null;
  forwardOf: { messageUuid?: string; originalSender?: string; contactPointId?: string; comment?: string } | null;
  documents: InboxDocumentView[];
}

export interface InboxPage {
  items: InboxItem[];
  page: number;
  pageSize: number;
  total: number;
}

const showId = (idType: string, id: string) => (idType === 'CPR' ? maskCpr(id) : id);

function view(m: InboundMessageRow, docs: InboundDocumentRow[], fullId: boolean): InboxItem {
  return {
    id: m.id,
    receivedAt: m.received_at.toISOString(),
    sender: { idType: m.sender_id_type, id: fullId ? m.sender_id : showId(m.sender_id_type, m.sender_id), name: m.sender_name },
    subject: m.subject,
    contactPoint: m.contact_point,
    assignedTo: m.assigned_team || m.assigned_user ? { team: m.assigned_team, user: m.assigned_user } : null,
    status: m.status,
    replyTo: m.reply_to_letter_id && m.reply_to_shipment_id ? { letterId: m.reply_to_letter_id, shipmentId: m.reply_to_shipment_id } : null,
    forwardOf: (m.forward_data as InboxItem['forwardOf']) ?? null,
    documents: docs.map((d) => ({
      id: d.id,
      filename: d.filename,
      mediaType: d.media_type,
      bytes: Number(d.bytes),
      role: d.role,
      readablePdf: d.readable_pdf,
    })),
  };
}

async function documentsOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, InboundDocumentRow[]>> {
  const out = new Map<string, InboundDocumentRow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('inbound_documents')
    .selectAll()
    .where('message_id', 'in', ids)
    .orderBy('message_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.message_id, [...(out.get(r.message_id) ?? []), r]);
  return out;
}

/**
 * One page of the organisation's inbox, newest first. CPR numbers of senders are masked in the
 * list (the detail shows them whole).
 * @example await listInbox(db, inboxScopeOf(auth), { status: 'unassigned', page: 1, pageSize: 50 })
 */
export async function listInbox(db: Kysely<Database>, scope: InboxScope, f: InboxFilter = {}): Promise<InboxPage> {
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, f.pageSize ?? 50));
  let q = db.selectFrom('inbound_messages').where(visibleTo(scope));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.team) q = q.where('assigned_team', '=', f.team);
  if (f.party) q = q.where('sender_id', '=', f.party.replace(/[\s-]/g, ''));
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('subject', 'ilike', like), eb('sender_name', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const docs = await documentsOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => view(r, docs.get(r.id) ?? [], false)), page, pageSize, total: count.n };
}

/**
 * One received message with its documents, or undefined when the caller sees none by that id.
 * @example const m = await getInboxMessage(db, inboxScopeOf(auth), id);
 */
export async function getInboxMessage(db: Kysely<Database>, scope: InboxScope, id: string): Promise<InboxItem | undefined> {
  const m = await db.selectFrom('inbound_messages').selectAll().where(visibleTo(scope)).where('id', '=', id).executeTakeFirst();
  if (!m) return undefined;
  return view(m, (await documentsOf(db, [m.id])).get(m.id) ?? [], true);
}

/** Where a document's bytes are (its blob, how to serve it) and whose message it is (for the audit log). */
export async function getInboxDocument(
  db: Kysely<Database>,
  scope: InboxScope,
  messageId: string,
  documentId: string,
): Promise<{ sha256: string; filename: string; mediaType: string; sender: { idType: string; id: string } } | undefined> {
  const d = await db
    .selectFrom('inbound_documents as d')
    .innerJoin('inbound_messages', 'inbound_messages.id', 'd.message_id')
    .select(['d.sha256', 'd.filename', 'd.media_type', 'inbound_messages.sender_id_type', 'inbound_messages.sender_id'])
    .where(visibleTo(scope))
    .where('d.message_id', '=', messageId)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  return d && { sha256: d.sha256, filename: d.filename, mediaType: d.media_type, sender: { idType: d.sender_id_type, id: d.sender_id } };
}

/**
 * Assigns a message the caller sees to a team and/or user (from the distribution queue, or
 * onwards). Answers the message as it now is — even when the caller no longer sees it, having
 * passed it on — or undefined when the caller sees no such message.
 */
export async function assignInboxMessage(
  db: Kysely<Database>,
  scope: InboxScope,
  id: string,
  to: { team?: string | null; user?: string | null },
): Promise<InboxItem | undefined> {
  return changeMessage(db, scope, id, 'assigned', { assigned_team: to.team ?? null, assigned_user: to.user ?? null, status: 'assigned' });
}

/** Marks a message the caller sees as dealt with. Answers it, or undefined when the caller sees no such message. */
export async function markInboxMessageDone(db: Kysely<Database>, scope: InboxScope, id: string): Promise<InboxItem | undefined> {
  return changeMessage(db, scope, id, 'done', { status: 'done' });
}

type Distribution = Pick<InboundMessageRow, 'status' | 'assigned_team' | 'assigned_user'>;

/**
 * One change of a message's distribution, announced with where it was before, so a stream shows
 * the change both to whoever had the message and to whoever has it now.
 */
async function changeMessage(
  db: Kysely<Database>,
  scope: InboxScope,
  id: string,
  type: 'assigned' | 'done',
  set: Partial<Distribution>,
): Promise<InboxItem | undefined> {
  return db.transaction().execute(async (trx) => {
    const was = await trx
      .selectFrom('inbound_messages')
      .select(['organisation_id', 'status', 'assigned_team', 'assigned_user'])
      .where(visibleTo(scope))
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!was) return undefined;
    const now = await trx
      .updateTable('inbound_messages')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .returning(['status', 'assigned_team', 'assigned_user'])
      .executeTakeFirstOrThrow();
    await notifyInboxChange(trx, [
      {
        type,
        id,
        organisationId: was.organisation_id,
        status: now.status,
        team: now.assigned_team,
        user: now.assigned_user,
        was: { status: was.status, team: was.assigned_team, user: was.assigned_user },
      },
    ]);
    return getInboxMessage(trx, organisationScope(was.organisation_id), id);
  });
}
