/**
 * @module
 * How a received message is filed in the archive: an `incoming` record in the sender's party
 * case, with its documents, the raw message and our accept answer as its receipt. The shape is
 * the archive's `NewArchiveRecord`; the platform files it with `fileRecord` inside the storing
 * transaction (`storeInboundMessage`'s `inTransaction`), so a message is never stored unfiled.
 */
import type { StoredInbound } from './store-inbound-message.ts';

/** The archive's record input (structurally `NewArchiveRecord` of archive/file-record.ts). */
export interface InboundArchiveRecord {
  organisationId: string;
  party: { idType: string; id: string; name?: string | null };
  direction: 'incoming';
  sourceKey: string;
  letterId: string | null;
  subject: string;
  occurredAt: Date;
  channel: string;
  provider: string;
  providerMessageId: string;
  status: null;
  senderRef: 'system';
  senderName: string | null;
  documents: {
    role: 'letter' | 'attachment' | 'wire-message' | 'provider-receipt';
    sha256: string;
    filename: string;
    mediaType: string;
    bytes: number;
  }[];
}

/**
 * The archive record of a stored message (source key `inbound:<provider>:<messageUuid>`: filing twice files once).
 * @example await fileRecord(trx, archiveRt, inboundArchiveRecord(stored));
 */
export function inboundArchiveRecord(s: StoredInbound): InboundArchiveRecord {
  const uuid = s.message.providerMessageId.toLowerCase();
  return {
    organisationId: s.organisationId,
    party: { idType: s.message.sender.idType, id: s.message.sender.id, name: s.message.sender.name ?? null },
    direction: 'incoming',
    sourceKey: `inbound:${s.provider}:${uuid}`,
    letterId: s.replyTo?.letterId ?? null,
    subject: s.message.subject,
    occurredAt: s.receivedAt,
    channel: 'digital',
    provider: s.provider,
    providerMessageId: uuid,
    status: null,
    senderRef: 'system',
    senderName: s.message.sender.name ?? null,
    documents: [
      ...s.documents.map((d) => ({
        role: d.role === 'main' ? ('letter' as const) : ('attachment' as const),
        sha256: d.sha256,
        filename: d.filename,
        mediaType: d.mediaType,
        bytes: d.bytes,
      })),
      {
        role: 'wire-message' as const,
        sha256: s.raw.sha256,
        filename: `${uuid}.xml`,
        mediaType: s.raw.mediaType,
        bytes: s.message.raw.body.length,
      },
      ...(s.acceptAnswer
        ? [
            {
              role: 'provider-receipt' as const,
              sha256: s.acceptAnswer.sha256,
              filename: `${uuid}-accept.xml`,
              mediaType: s.acceptAnswer.mediaType,
              bytes: s.message.acceptAnswer?.body.length ?? 0,
            },
          ]
        : []),
    ],
  };
}
