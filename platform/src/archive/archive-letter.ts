/**
 * @module
 * `archiveLetter`: when a letter reaches a final status, file it in the recipient's case with
 * its documents, the provider's receipt and wire message as they came, and the platform's own
 * receipt PDF; then queue its exports.
 */
import { stat } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { isFinalStatus, type LetterStatus } from '@brevdue/shared';
import type { Database } from '../db/schema.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { fileRecord, type FileRecordResult, type NewArchiveDocument } from './file-record.ts';
import { renderReceiptPdf } from './receipt-pdf.ts';
import { extensionFor } from './media-types.ts';

export type ArchiveLetterResult = FileRecordResult | { recordId: null; created: false; reason: 'not-final' | 'cancelled' };

interface ShipmentRequestJson {
  mainDocument?: string;
  attachments?: string[];
  smsText?: string;
}

/**
 * Archives a letter in a final status (delivered_* or failed). Idempotent: a second call
 * returns the first call's record. Run it in the transaction that records the final status.
 * @example await db.transaction().execute(async (trx) => { await setFinal(trx); await archiveLetter(trx, rt, letterId); });
 * @throws when the letter does not exist.
 */
export async function archiveLetter(trx: Kysely<Database>, rt: Pick<ArchiveRuntime, 'blobs' | 'queue' | 'archiveTargets'>, letterId: string): Promise<ArchiveLetterResult> {
  const letter = await trx.selectFrom('letters').selectAll().where('id', '=', letterId).executeTakeFirstOrThrow(() => new Error(`letter ${letterId} not found`));
  if (!isFinalStatus(letter.status as LetterStatus)) return { recordId: null, created: false, reason: 'not-final' };
  // A cancelled letter never left the platform: there is nothing to prove.
  if (letter.status === 'cancelled') return { recordId: null, created: false, reason: 'cancelled' };

  const sourceKey = `letter:${letter.id}`;
  const existing = await trx.selectFrom('archive_records').select(['id', 'case_id']).where('organisation_id', '=', letter.organisation_id).where('source_key', '=', sourceKey).executeTakeFirst();
  if (existing) return { recordId: existing.id, caseId: existing.case_id, created: false, exportIds: [] };

  // Only the fields needed: a big shipment's request holds every recipient.
  const shipment = await trx
    .selectFrom('shipments')
    .select([
      'subject',
      'created_by',
      sql<ShipmentRequestJson>`jsonb_build_object('mainDocument', request->'mainDocument', 'attachments', request->'attachments', 'smsText', request->'smsText')`.as('request'),
    ])
    .where('id', '=', letter.shipment_id)
    .executeTakeFirstOrThrow();
  const org = await trx.selectFrom('organisations').select(['name', 'cvr']).where('id', '=', letter.organisation_id).executeTakeFirstOrThrow();
  const sender = await senderOf(trx, shipment.created_by);
  const request = (typeof shipment.request === 'string' ? JSON.parse(shipment.request) : shipment.request) as ShipmentRequestJson;
  const recipient = (typeof letter.recipient === 'string' ? JSON.parse(letter.recipient) : letter.recipient) as { name?: string };

  const documents: NewArchiveDocument[] = [];
  const ids = [request.mainDocument, ...(request.attachments ?? [])].filter((x): x is string => typeof x === 'string');
  if (ids.length > 0) {
    const rows = await trx.selectFrom('documents').selectAll().where('organisation_id', '=', letter.organisation_id).where('id', 'in', ids).execute();
    for (const [i, id] of ids.entries()) {
      const d = rows.find((r) => r.id === id);
      if (!d) throw new Error(`letter ${letterId}: document ${id} of its shipment not found`);
      documents.push({ role: i === 0 && request.mainDocument ? 'letter' : 'attachment', sha256: d.sha256, filename: d.filename, mediaType: d.media_type, bytes: Number(d.bytes) });
    }
  } else if (request.smsText) {
    const put = await rt.blobs.putBuffer(Buffer.from(request.smsText, 'utf8'));
    documents.push({ role: 'letter', sha256: put.sha256, filename: 'sms.txt', mediaType: 'text/plain; charset=utf-8', bytes: put.bytes });
  }
  if (letter.wire_sha256) {
    const media = letter.wire_media_type ?? 'application/octet-stream';
    documents.push({ role: 'wire-message', sha256: letter.wire_sha256, filename: `wire-message.${extensionFor(media)}`, mediaType: media, bytes: await blobSize(rt, letter.wire_sha256) });
  }
  if (letter.receipt_sha256) {
    const media = letter.receipt_media_type ?? 'application/octet-stream';
    documents.push({ role: 'provider-receipt', sha256: letter.receipt_sha256, filename: `provider-receipt.${extensionFor(media)}`, mediaType: media, bytes: await blobSize(rt, letter.receipt_sha256) });
  }

  const occurredAt = new Date(letter.delivered_at ?? letter.submitted_at ?? letter.updated_at);
  const pdf = await renderReceiptPdf({
    organisation: org,
    senderName: sender.name,
    recipient: { idType: letter.recipient_type, id: letter.recipient_id, name: recipient.name ?? null },
    subject: shipment.subject,
    channel: letter.channel,
    provider: letter.provider,
    providerMessageId: letter.provider_message_id,
    messageId: letter.message_id,
    letterId: letter.id,
    status: letter.status,
    statusReason: letter.status_reason,
    createdAt: new Date(letter.created_at),
    submittedAt: letter.submitted_at ? new Date(letter.submitted_at) : null,
    deliveredAt: letter.delivered_at ? new Date(letter.delivered_at) : null,
    documents: documents.map((d) => ({ role: d.role, filename: d.filename, sha256: d.sha256, bytes: d.bytes })),
    issuedAt: new Date(),
  });
  const receipt = await rt.blobs.putBuffer(pdf);
  documents.push({ role: 'receipt', sha256: receipt.sha256, filename: `afsendelseskvittering-${letter.id}.pdf`, mediaType: 'application/pdf', bytes: receipt.bytes });

  return fileRecord(trx, rt, {
    organisationId: letter.organisation_id,
    party: { idType: letter.recipient_type, id: letter.recipient_id, name: recipient.name ?? null },
    direction: 'outgoing',
    sourceKey,
    letterId: letter.id,
    subject: shipment.subject,
    occurredAt,
    channel: letter.channel,
    provider: letter.provider,
    providerMessageId: letter.provider_message_id,
    status: letter.status,
    senderRef: sender.ref,
    senderName: sender.name,
    documents,
  });
}

/** Who sent a shipment: the token's user when it has one (so all of a user's tokens count), else the token. */
async function senderOf(trx: Kysely<Database>, tokenId: string | null): Promise<{ ref: string; name: string | null }> {
  if (!tokenId) return { ref: 'system', name: null };
  const t = await trx
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name as token_name', 'u.id as user_id', 'u.name as user_name'])
    .where('t.id', '=', tokenId)
    .executeTakeFirst();
  if (!t) return { ref: `token:${tokenId}`, name: null };
  return t.user_id ? { ref: `user:${t.user_id}`, name: t.user_name } : { ref: `token:${t.id}`, name: t.token_name };
}

/** Size of a stored blob; from the file system where the store is on disk (wire messages can be large). */
async function blobSize(rt: Pick<ArchiveRuntime, 'blobs'>, sha256: string): Promise<number> {
  if (rt.blobs.pathOf) return (await stat(rt.blobs.pathOf(sha256))).size;
  return (await rt.blobs.read(sha256)).length;
}
