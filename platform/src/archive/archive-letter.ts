/**
 * @module
 * `archiveLetter`: when a letter reaches a final status, file it in the recipient's case with
 * its documents, the provider's receipt and wire message as they came, and the platform's own
 * receipt PDF; then queue its exports. A copy is filed in its original recipient's case too.
 * A failed letter a person then cancels keeps its record, which now says `cancelled`.
 */
import { type Kysely, sql } from 'kysely';
import { isFinalStatus, type LetterStatus } from '@brevdue/shared';
import type { Database, Letter } from '../db/schema.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { fileRecords, type FileRecordResult, type NewArchiveDocument, type NewArchiveRecord } from './file-record.ts';
import { renderReceiptPdf } from './receipt-pdf.ts';
import { extensionFor } from './media-types.ts';
import { allDocumentIds, letterDocumentIds } from '../letters/letter-documents.ts';
import { markRecordsCancelled } from './cancel-record.ts';

export type ArchiveLetterResult = FileRecordResult | { recordId: null; created: false; reason: 'not-final' | 'cancelled' };

interface ShipmentRequestJson {
  mainDocument?: string;
  attachments?: string[];
  smsText?: string;
}

/**
 * Archives a letter in a final status (delivered_*, failed, or cancelled after it failed).
 * Idempotent: a second call returns the first call's record (marked cancelled once the letter
 * is). Run it in the transaction that records the final status.
 * @example await db.transaction().execute(async (trx) => { await setFinal(trx); await archiveLetter(trx, rt, letterId); });
 * @throws when the letter does not exist.
 */
export async function archiveLetter(
  trx: Kysely<Database>,
  rt: Pick<ArchiveRuntime, 'blobs' | 'queue' | 'archiveTargets'>,
  letterId: string,
): Promise<ArchiveLetterResult> {
  return (await archiveLetters(trx, rt, [letterId]))[0]!;
}

/**
 * `archiveLetter` for a batch, with a fixed number of statements whatever its size (the archive
 * worker files up to 50 letters per transaction). Results in the order of `letterIds`.
 * @throws when a letter does not exist or a document of its shipment is gone.
 */
export async function archiveLetters(
  trx: Kysely<Database>,
  rt: Pick<ArchiveRuntime, 'blobs' | 'queue' | 'archiveTargets'>,
  letterIds: string[],
): Promise<ArchiveLetterResult[]> {
  if (letterIds.length === 0) return [];
  const letters = new Map(
    (
      await trx
        .selectFrom('letters')
        .selectAll()
        .where('id', 'in', [...new Set(letterIds)])
        .execute()
    ).map((l) => [l.id, l]),
  );
  for (const id of letterIds) if (!letters.has(id)) throw new Error(`letter ${id} not found`);
  const results = new Map<string, ArchiveLetterResult>();
  const todo = [...letters.values()].filter((letter) => {
    if (!isFinalStatus(letter.status as LetterStatus)) results.set(letter.id, { recordId: null, created: false, reason: 'not-final' });
    else return true;
    return false;
  });

  // Letters already filed are answered from their record, without rendering anything.
  if (todo.length > 0) {
    const { rows } = await sql<{ id: string; case_id: string; source_key: string }>`
      select r.id, r.case_id, r.source_key from archive_records r
      join unnest(${todo.map((l) => l.organisation_id)}::uuid[], ${todo.map((l) => `letter:${l.id}`)}::text[]) as k(org, key)
        on r.organisation_id = k.org and r.source_key = k.key`.execute(trx);
    for (const r of rows)
      results.set(r.source_key.slice('letter:'.length), { recordId: r.id, caseId: r.case_id, created: false, exportIds: [] });
  }
  // A failed letter filed before a person cancelled it: its records (and its copy's) say so now.
  await markRecordsCancelled(
    trx,
    todo.filter((l) => l.status === 'cancelled' && results.has(l.id)),
  );
  // A cancelled letter is filed only when it failed first (the attempt is worth proving, also
  // when the cancel came before the failure's filing); one removed from a held run never left.
  const unfiledCancelled = todo.filter((l) => l.status === 'cancelled' && !results.has(l.id)).map((l) => l.id);
  const failedFirst = new Set(
    unfiledCancelled.length === 0
      ? []
      : (
          await trx
            .selectFrom('letter_events')
            .select('letter_id')
            .distinct()
            .where('letter_id', 'in', unfiledCancelled)
            .where('status', '=', 'failed')
            .execute()
        ).map((e) => e.letter_id),
  );
  for (const id of unfiledCancelled) if (!failedFirst.has(id)) results.set(id, { recordId: null, created: false, reason: 'cancelled' });
  const pending = todo.filter((l) => !results.has(l.id));
  if (pending.length > 0) {
    // Only the fields needed: a big shipment's request holds every recipient.
    const shipments = new Map(
      (
        await trx
          .selectFrom('shipments')
          .select([
            'id',
            'subject',
            'created_by_user',
            'created_by_token',
            sql<ShipmentRequestJson>`jsonb_build_object('mainDocument', request->'mainDocument', 'attachments', request->'attachments', 'smsText', request->'smsText')`.as(
              'request',
            ),
          ])
          .where('id', 'in', [...new Set(pending.map((l) => l.shipment_id))])
          .execute()
      ).map((s) => [s.id, { ...s, request: (typeof s.request === 'string' ? JSON.parse(s.request) : s.request) as ShipmentRequestJson }]),
    );
    const orgs = new Map(
      (
        await trx
          .selectFrom('organisations')
          .select(['id', 'name', 'cvr', 'receipt_language'])
          .where('id', 'in', [...new Set(pending.map((l) => l.organisation_id))])
          .execute()
      ).map((o) => [o.id, o]),
    );
    const senders = await sendersOf(trx, [...shipments.values()]);
    // Each letter's own documents (a merge letter) or its shipment's.
    const idsOf = (letter: (typeof pending)[number]) => letterDocumentIds(shipments.get(letter.shipment_id)!.request, letter.own_documents);
    const docIds = [...new Set(pending.flatMap((l) => allDocumentIds(idsOf(l))))];
    const docs = new Map(
      docIds.length ? (await trx.selectFrom('documents').selectAll().where('id', 'in', docIds).execute()).map((d) => [d.id, d]) : [],
    );

    const rendered = await Promise.all(
      pending.map(async (letter): Promise<{ record: NewArchiveRecord; receiptPdf: Buffer }> => {
        const shipment = shipments.get(letter.shipment_id)!;
        const request = shipment.request;
        const org = orgs.get(letter.organisation_id)!;
        const sender = senders.get(shipment.id) ?? { ref: 'system', name: null };
        const recipient = (typeof letter.recipient === 'string' ? JSON.parse(letter.recipient) : letter.recipient) as { name?: string };
        const documents: NewArchiveDocument[] = [];
        const letterDocs = idsOf(letter);
        const ids = allDocumentIds(letterDocs);
        if (ids.length > 0) {
          for (const [i, id] of ids.entries()) {
            const d = docs.get(id);
            if (!d || d.organisation_id !== letter.organisation_id)
              throw new Error(`letter ${letter.id}: document ${id} of its shipment not found`);
            documents.push({
              role: i === 0 && letterDocs.main ? 'letter' : 'attachment',
              sha256: d.sha256,
              filename: d.filename,
              mediaType: d.media_type,
              bytes: Number(d.bytes),
            });
          }
        } else if (request.smsText) {
          const put = await rt.blobs.putBuffer(Buffer.from(request.smsText, 'utf8'));
          documents.push({
            role: 'letter',
            sha256: put.sha256,
            filename: 'sms.txt',
            mediaType: 'text/plain; charset=utf-8',
            bytes: put.bytes,
          });
        }
        if (letter.wire_sha256) {
          const media = letter.wire_media_type ?? 'application/octet-stream';
          documents.push({
            role: 'wire-message',
            sha256: letter.wire_sha256,
            filename: `wire-message.${extensionFor(media)}`,
            mediaType: media,
            bytes: await blobSize(rt, letter.wire_sha256),
          });
        }
        if (letter.receipt_sha256) {
          const media = letter.receipt_media_type ?? 'application/octet-stream';
          documents.push({
            role: 'provider-receipt',
            sha256: letter.receipt_sha256,
            filename: `provider-receipt.${extensionFor(media)}`,
            mediaType: media,
            bytes: await blobSize(rt, letter.receipt_sha256),
          });
        }

        const occurredAt = new Date(letter.delivered_at ?? letter.submitted_at ?? letter.updated_at);
        const pdf = await renderReceiptPdf({
          organisation: { name: org.name, cvr: org.cvr },
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
          language: org.receipt_language,
        });
        const record: NewArchiveRecord = {
          organisationId: letter.organisation_id,
          party: { idType: letter.recipient_type, id: letter.recipient_id, name: recipient.name ?? null },
          direction: 'outgoing',
          sourceKey: `letter:${letter.id}`,
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
        };
        return { record, receiptPdf: pdf };
      }),
    );
    // The batch's receipts stored together (put one by one as each was rendered, they made
    // several inserts per batch), before the records that name them.
    const receipts = await Promise.all(rendered.map((r) => rt.blobs.putBuffer(r.receiptPdf)));
    const inputs = rendered.map(({ record }, i) => {
      record.documents.push({
        role: 'receipt',
        sha256: receipts[i]!.sha256,
        filename: `afsendelseskvittering-${pending[i]!.id}.pdf`,
        mediaType: 'application/pdf',
        bytes: receipts[i]!.bytes,
      });
      return record;
    });
    const filed = await fileRecords(trx, rt, [...inputs, ...(await copyCaseRecords(trx, pending, inputs))]);
    for (const [i, letter] of pending.entries()) results.set(letter.id, filed[i]!);
  }
  // A letter named twice is filed once: the repeat finds it filed.
  const seen = new Set<string>();
  return letterIds.map((id) => {
    const r = results.get(id)!;
    if (seen.has(id) && r.created) return { ...r, created: false, exportIds: [] };
    seen.add(id);
    return r;
  });
}

/**
 * A copy is filed in its original recipient's case too (the child's, for a guardian copy): the
 * same record, with its own source key, so the case shows everything sent about that person.
 */
async function copyCaseRecords(
  trx: Kysely<Database>,
  letters: readonly Pick<Letter, 'id' | 'copy_of'>[],
  records: readonly NewArchiveRecord[],
): Promise<NewArchiveRecord[]> {
  const originalIds = [...new Set(letters.flatMap((l) => (l.copy_of ? [l.copy_of] : [])))];
  if (originalIds.length === 0) return [];
  const originals = new Map(
    (
      await trx.selectFrom('letters').select(['id', 'recipient_type', 'recipient_id', 'recipient']).where('id', 'in', originalIds).execute()
    ).map((o) => [o.id, o]),
  );
  return letters.flatMap((l, i) => {
    const o = l.copy_of ? originals.get(l.copy_of) : undefined;
    if (!o) return [];
    const name = ((typeof o.recipient === 'string' ? JSON.parse(o.recipient) : o.recipient) as { name?: string }).name ?? null;
    const record = records[i]!;
    return [
      {
        ...record,
        sourceKey: `${record.sourceKey}:copy-case`,
        subject: `${record.subject} (kopi)`,
        party: { idType: o.recipient_type, id: o.recipient_id, name },
      },
    ];
  });
}

/**
 * Who sent each shipment, as receipts and the archive name them: the person (user) who created
 * it, else the token's user, else the token itself.
 */
async function sendersOf(
  trx: Kysely<Database>,
  shipments: { id: string; created_by_user: string | null; created_by_token: string | null }[],
): Promise<Map<string, { ref: string; name: string | null }>> {
  const userIds = [...new Set(shipments.map((s) => s.created_by_user).filter((x): x is string => !!x))];
  const tokenIds = [...new Set(shipments.map((s) => s.created_by_token).filter((x): x is string => !!x))];
  const users = new Map(
    userIds.length
      ? (await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.name])
      : [],
  );
  const tokens = new Map(
    tokenIds.length
      ? (
          await trx
            .selectFrom('api_tokens as t')
            .leftJoin('users as u', 'u.id', 't.user_id')
            .select(['t.id', 't.name as token_name', 'u.id as user_id', 'u.name as user_name'])
            .where('t.id', 'in', tokenIds)
            .execute()
        ).map((t) => [t.id, t.user_id ? { ref: `user:${t.user_id}`, name: t.user_name } : { ref: `token:${t.id}`, name: t.token_name }])
      : [],
  );
  const out = new Map<string, { ref: string; name: string | null }>();
  for (const s of shipments) {
    if (s.created_by_user) out.set(s.id, { ref: `user:${s.created_by_user}`, name: users.get(s.created_by_user) ?? null });
    else if (s.created_by_token) out.set(s.id, tokens.get(s.created_by_token) ?? { ref: `token:${s.created_by_token}`, name: null });
  }
  return out;
}

/** Size of a stored blob, without reading it where the store can tell (wire messages can be large). */
async function blobSize(rt: Pick<ArchiveRuntime, 'blobs'>, sha256: string): Promise<number> {
  return rt.blobs.size ? rt.blobs.size(sha256) : (await rt.blobs.read(sha256)).length;
}
