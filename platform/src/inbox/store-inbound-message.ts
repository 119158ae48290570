/**
 * @module
 * Stores one received message for good: its documents' and raw bytes as blobs first (each put
 * resolves once durable), then in ONE transaction the message row, its documents, the reply's
 * match to the letter we sent, the event on that letter and the routing decision. Only when this
 * resolves may the provider answer its remote "accept". Idempotent on the remote's message id.
 */
import { sql, type Kysely } from 'kysely';
import type { InboundMessage, InboundReceipt } from '@brevdue/shared/sdk';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';
import { isReadablePdf } from './readable-pdf.ts';
import { loadRoutingRules } from './routing-rules-store.ts';
import { routeInbound, type RoutingDecision } from './route-inbound.ts';
import { writeLetterEvent } from './write-letter-event.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The letter a reply answers. */
export interface MatchedLetter {
  letterId: string;
  shipmentId: string;
  /** How it was found: ReplyData messageUUID, or the case id with the same party. */
  by: 'messageUuid' | 'caseId';
  /** The shipment carried an UNDERSKRIV (sign) action. */
  signRequested: boolean;
  /** The user who created the shipment, when a person did. */
  createdBy: string | null;
  /** The team the shipment belongs to. */
  team: string | null;
}

/** What was stored, for the caller's follow-ups (webhooks, SSE, archive). */
export interface StoredInbound extends InboundReceipt {
  organisationId: string;
  provider: string;
  message: InboundMessage;
  replyTo: MatchedLetter | null;
  routing: RoutingDecision;
  documents: { id: string; sha256: string; filename: string; mediaType: string; bytes: number; role: string; readablePdf: boolean }[];
  raw: { sha256: string; mediaType: string };
  /** Our accept answer, when the provider gave it in advance (`acceptAnswer`). */
  acceptAnswer: { sha256: string; mediaType: string } | null;
  receivedAt: Date;
}

export interface StoreInboundOptions {
  /** The plugin instance that received it (default `unknown`). */
  provider?: string;
  /** The team of the original letter's sender (the platform's identity model knows it). */
  senderTeam?(trx: Kysely<Database>, letter: MatchedLetter): Promise<string | undefined>;
  /**
   * Runs inside the storing transaction for a new message (not a duplicate): filing it in the
   * archive, queueing webhooks. A throw rolls the whole store back (and the remote gets no accept).
   */
  inTransaction?(trx: Kysely<Database>, stored: StoredInbound): Promise<void>;
}

/**
 * Stores a received message (see the module comment). A redelivery of the same message id is
 * answered with the first one's id and `duplicate: true`; nothing is stored twice.
 * @example const r = await storeInboundMessage(db, blobs, orgId, message, { provider: 'digitalpost-sf1601' });
 * @throws when a blob put or the transaction fails: nothing was stored, so the remote must not get "accept".
 */
export async function storeInboundMessage(
  db: Kysely<Database>,
  blobs: BlobStore,
  orgId: string,
  message: InboundMessage,
  opts: StoreInboundOptions = {},
): Promise<StoredInbound> {
  const provider = opts.provider ?? 'unknown';
  const uuid = message.providerMessageId.trim().toLowerCase();
  // Blobs before the row that names them: a put resolves once the bytes are durable. A redelivery
  // puts them again (content-addressed: nothing new is stored) rather than paying a look-up on
  // every first delivery; the insert below then finds the message is known.
  const docs = await Promise.all(
    message.documents.map(async (d, position) => {
      const [put, readablePdf] = await Promise.all([blobs.putBuffer(d.content), isReadablePdf(d.content)]);
      return {
        position,
        sha256: put.sha256,
        bytes: put.bytes,
        filename: d.filename,
        mediaType: d.mediaType,
        role: d.role,
        label: d.label ?? null,
        readablePdf,
      };
    }),
  );
  const raw = { sha256: (await blobs.putBuffer(message.raw.body)).sha256, mediaType: message.raw.mediaType };
  const accept = message.acceptAnswer
    ? { sha256: (await blobs.putBuffer(message.acceptAnswer.body)).sha256, mediaType: message.acceptAnswer.mediaType }
    : null;

  return db.transaction().execute(async (trx) => {
    const replyTo = await matchReply(trx, orgId, message);
    const rules = await loadRoutingRules(trx, orgId);
    const team =
      replyTo && opts.senderTeam ? await opts.senderTeam(trx, replyTo) : replyTo ? await shipmentTeam(trx, replyTo.shipmentId) : undefined;
    const routing = routeInbound(rules, message, team);
    const to = routing.assignTo;
    const inserted = await trx
      .insertInto('inbound_messages')
      .values({
        organisation_id: orgId,
        provider,
        message_uuid: uuid,
        sender_id_type: message.sender.idType,
        sender_id: message.sender.id,
        sender_name: message.sender.name ?? null,
        recipient: JSON.stringify(message.recipient),
        subject: message.subject,
        contact_point: message.routing.contactPointId ?? message.recipient.contactPointId ?? null,
        routing: JSON.stringify(message.routing),
        reply_data: message.replyTo ? JSON.stringify(message.replyTo) : null,
        reply_to_letter_id: replyTo?.letterId ?? null,
        reply_to_shipment_id: replyTo?.shipmentId ?? null,
        forward_data: message.forwardOf ? JSON.stringify(message.forwardOf) : null,
        raw_sha256: raw.sha256,
        raw_media_type: raw.mediaType,
        accept_sha256: accept?.sha256 ?? null,
        accept_media_type: accept?.mediaType ?? null,
        status: to && (to.team || to.user) ? 'assigned' : 'unassigned',
        assigned_team: to?.team ?? null,
        assigned_user: to?.user ?? null,
        assigned_webhook: to?.webhook ?? null,
        created_at_remote: message.createdAt ?? null,
      })
      // A concurrent delivery of the same message waits on the unique index, then does nothing.
      .onConflict((oc) => oc.columns(['organisation_id', 'message_uuid']).doNothing())
      .returning(['id', 'received_at'])
      .executeTakeFirst();
    if (!inserted) {
      const first = await findStored(trx, orgId, uuid);
      return duplicate(first!, orgId, provider, message);
    }
    const docRows = docs.length
      ? await trx
          .insertInto('inbound_documents')
          .values(
            docs.map((d) => ({
              message_id: inserted.id,
              organisation_id: orgId,
              position: d.position,
              role: d.role,
              sha256: d.sha256,
              filename: d.filename,
              media_type: d.mediaType,
              bytes: d.bytes,
              readable_pdf: d.readablePdf,
              label: d.label,
            })),
          )
          .returning(['id', 'position'])
          .execute()
      : [];
    const idOf = new Map(docRows.map((r) => [r.position, r.id]));
    if (replyTo) {
      await writeLetterEvent(trx, {
        letterId: replyTo.letterId,
        organisationId: orgId,
        type: 'reply_received',
        data: { inboundMessageId: inserted.id, by: replyTo.by },
      });
      // A document coming back for a letter that asked for a signature is the signed copy.
      if (replyTo.signRequested && docs.length > 0) {
        await writeLetterEvent(trx, {
          letterId: replyTo.letterId,
          organisationId: orgId,
          type: 'signed_document_received',
          data: { inboundMessageId: inserted.id, documentIds: docRows.map((r) => r.id) },
        });
      }
    }
    const stored: StoredInbound = {
      messageId: inserted.id,
      duplicate: false,
      organisationId: orgId,
      provider,
      message,
      replyTo,
      routing,
      documents: docs.map((d) => ({
        id: idOf.get(d.position)!,
        sha256: d.sha256,
        filename: d.filename,
        mediaType: d.mediaType,
        bytes: d.bytes,
        role: d.role,
        readablePdf: d.readablePdf,
      })),
      raw,
      acceptAnswer: accept,
      receivedAt: inserted.received_at,
    };
    await opts.inTransaction?.(trx, stored);
    return stored;
  });
}

async function findStored(db: Kysely<Database>, orgId: string, uuid: string) {
  return db
    .selectFrom('inbound_messages')
    .select(['id', 'received_at', 'raw_sha256', 'raw_media_type', 'accept_sha256', 'accept_media_type'])
    .where('organisation_id', '=', orgId)
    .where('message_uuid', '=', uuid)
    .executeTakeFirst();
}

function duplicate(
  row: NonNullable<Awaited<ReturnType<typeof findStored>>>,
  orgId: string,
  provider: string,
  message: InboundMessage,
): StoredInbound {
  return {
    messageId: row.id,
    duplicate: true,
    organisationId: orgId,
    provider,
    message,
    replyTo: null,
    routing: { assignTo: null, by: 'none' },
    documents: [],
    raw: { sha256: row.raw_sha256, mediaType: row.raw_media_type },
    acceptAnswer: row.accept_sha256 && row.accept_media_type ? { sha256: row.accept_sha256, mediaType: row.accept_media_type } : null,
    receivedAt: row.received_at,
  };
}

/**
 * Finds the letter a reply answers: our letters present their message id as MeMo messageUUID,
 * so `ReplyData.messageUUID` names it; failing that, the newest letter of the same case id
 * (ReplyData caseID, else ContentData CaseID) to the same party.
 */
export async function matchReply(
  db: Kysely<Database>,
  orgId: string,
  message: Pick<InboundMessage, 'replyTo' | 'routing' | 'sender'>,
): Promise<MatchedLetter | null> {
  const r = message.replyTo;
  const sign = sql<boolean>`coalesce(s.request->'actions' @> '[{"code":"UNDERSKRIV"}]'::jsonb, false)`.as('sign');
  const base = () =>
    db
      .selectFrom('letters as l')
      .innerJoin('shipments as s', 's.id', 'l.shipment_id')
      .select(['l.id', 'l.shipment_id', 's.created_by_user', 's.team', sign])
      .where('l.organisation_id', '=', orgId);
  if (r?.messageUuid && UUID.test(r.messageUuid.trim())) {
    const l = await base().where('l.message_id', '=', r.messageUuid.trim().toLowerCase()).executeTakeFirst();
    if (l)
      return {
        letterId: l.id,
        shipmentId: l.shipment_id,
        by: 'messageUuid',
        signRequested: l.sign,
        createdBy: l.created_by_user,
        team: l.team,
      };
  }
  const caseId = r?.caseId ?? (r ? message.routing.caseId : undefined);
  if (caseId) {
    const l = await base()
      .where(sql<string>`s.request->>'caseId'`, '=', caseId)
      .where('l.recipient_id', '=', message.sender.id)
      .orderBy('l.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (l)
      return { letterId: l.id, shipmentId: l.shipment_id, by: 'caseId', signRequested: l.sign, createdBy: l.created_by_user, team: l.team };
  }
  return null;
}

/** Default team of a sent letter: the team of whoever created its shipment. */
async function shipmentTeam(db: Kysely<Database>, shipmentId: string): Promise<string | undefined> {
  const row = await db.selectFrom('shipments').select('team').where('id', '=', shipmentId).executeTakeFirst();
  return row?.team ?? undefined;
}
