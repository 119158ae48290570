/**
 * @module
 * Kysely table types of received post (migration `004-inbox`). The core `Database` extends
 * `InboxDatabase`, so every query on these tables is typed.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** bigint columns may arrive as strings from pg; read them with `Number()`. */
type BigInt = ColumnType<number, number | bigint, number | bigint>;

/** Where a received message is in the distribution: waiting, with someone, or dealt with. */
export type InboxStatus = 'unassigned' | 'assigned' | 'done';
export const INBOX_STATUSES: readonly InboxStatus[] = ['unassigned', 'assigned', 'done'];

export interface InboundMessagesTable {
  id: Generated<string>;
  organisation_id: string;
  /** The plugin instance that received it. */
  provider: string;
  /** The remote's message id (MeMo messageUUID, lower case); unique per organisation. */
  message_uuid: string;
  sender_id_type: string;
  /** CPR/CVR of the sender. Personal data: never log it. */
  sender_id: string;
  sender_name: string | null;
  recipient: Json;
  subject: string;
  contact_point: string | null;
  routing: Json;
  reply_data: Json | null;
  reply_to_letter_id: string | null;
  reply_to_shipment_id: string | null;
  forward_data: Json | null;
  raw_sha256: string;
  raw_media_type: string;
  /** Our accept answer to the remote, byte for byte (the message's receipt). */
  accept_sha256: string | null;
  accept_media_type: string | null;
  status: Generated<InboxStatus>;
  assigned_team: string | null;
  assigned_user: string | null;
  assigned_webhook: string | null;
  created_at_remote: Date | null;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface InboundDocumentsTable {
  id: Generated<string>;
  message_id: string;
  organisation_id: string;
  position: number;
  /** `main`, `additional`, `technical`. */
  role: string;
  sha256: string;
  filename: string;
  media_type: string;
  bytes: BigInt;
  /** False: not a PDF we could open; staff are shown a flag, the document is kept as received. */
  readable_pdf: boolean;
  label: string | null;
}

export interface InboxRoutingRulesTable {
  organisation_id: string;
  rules: Json;
  updated_at: Timestamp;
}

export interface InboxDatabase {
  inbound_messages: InboundMessagesTable;
  inbound_documents: InboundDocumentsTable;
  inbox_routing_rules: InboxRoutingRulesTable;
}

export type InboundMessageRow = Selectable<InboundMessagesTable>;
export type InboundDocumentRow = Selectable<InboundDocumentsTable>;
