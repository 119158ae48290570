/**
 * Storing received post on the real PostgreSQL and blob store: idempotent on the message id,
 * replies matched to the letter we sent (with an event on it), routed by rules, documents kept
 * as received with unreadable ones flagged, and nothing stored when the transaction fails.
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { PDFDocument } from 'pdf-lib';
import type { InboundMessage } from '@brevdue/shared/sdk';
import { createTestDatabase } from '../../../test/support/database.ts';
import type { BlobStore } from '../blob/blob-store.ts';
import { withInlineBlobs } from '../blob/inline-blob-store.ts';
import { createLocalDiskBlobStore } from '../blob/local-disk-blob-store.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { organisationScope } from './inbox-access.ts';
import { assignInboxMessage, getInboxMessage, listInbox, markInboxMessageDone } from './inbox-queries.ts';
import { saveRoutingRules } from './routing-rules-store.ts';
import { storeInboundMessage } from './store-inbound-message.ts';

let db: Kysely<Database>;
let blobDb: Kysely<Database>;
let blobs: BlobStore;
let org: string;
let pdf: Buffer;

async function onePagePdf(): Promise<Buffer> {
  const d = await PDFDocument.create();
  d.addPage([595, 842]).drawText('Underskrevet', { x: 50, y: 800 });
  return Buffer.from(await d.save());
}

function message(o: Partial<InboundMessage> = {}): InboundMessage {
  return {
    providerMessageId: randomUUID(),
    sender: { idType: 'CPR', id: '0101904321', name: 'Borger Borgersen' },
    recipient: { idType: 'CVR', id: '29189846', contactPointId: 'cp-borgerservice' },
    routing: {},
    subject: 'Svar på indkaldelse',
    documents: [{ filename: 'svar.pdf', mediaType: 'application/pdf', content: pdf, role: 'main' }],
    raw: { mediaType: 'application/xml', body: Buffer.from(`<memo:Message n="${randomUUID()}"/>`) },
    ...o,
  };
}

/** A sent letter (shipment + letter row), as the send path leaves it. */
async function sentLetter(
  o: { actions?: unknown[]; caseId?: string; team?: string } = {},
): Promise<{ letterId: string; shipmentId: string; messageId: string }> {
  const s = await db
    .insertInto('shipments')
    .values({
      organisation_id: org,
      subject: 'Indkaldelse',
      channel_policy: 'digital',
      request: JSON.stringify({ actions: o.actions ?? [], caseId: o.caseId }),
      team: o.team ?? null,
      status: 'released',
      request_hash: randomUUID(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const letterId = randomUUID();
  const messageId = randomUUID();
  await db
    .insertInto('letters')
    .values({
      id: letterId,
      organisation_id: org,
      shipment_id: s.id,
      recipient_type: 'CPR',
      recipient_id: '0101904321',
      recipient: JSON.stringify({}),
      channel: 'digital',
      provider: 'digitalpost-sf1601',
      registration: null,
      status: 'delivered_digital',
      status_reason: null,
      message_id: messageId,
      provider_message_id: messageId,
      wire_sha256: null,
      wire_media_type: null,
      receipt_sha256: null,
      receipt_media_type: null,
      resend_of: null,
      send_at: null,
      submitted_at: null,
      delivered_at: null,
    })
    .execute();
  return { letterId, shipmentId: s.id, messageId };
}

const events = (letterId: string) =>
  db.selectFrom('letter_events').select(['type', 'data']).where('letter_id', '=', letterId).orderBy('id').execute();
const countOf = async (uuid: string) =>
  (await db.selectFrom('inbound_messages').select('id').where('message_uuid', '=', uuid.toLowerCase()).execute()).length;

beforeAll(async () => {
  const url = await createTestDatabase('inbox');
  db = openPool(url, pino({ level: 'silent' }), 4);
  await migrateToLatest(db);
  blobDb = openPool(url, pino({ level: 'silent' }), 2);
  blobs = withInlineBlobs(createLocalDiskBlobStore(mkdtempSync(join(tmpdir(), 'inbox-blobs-'))), blobDb, { inlineMax: 1024 });
  org = (
    await db
      .insertInto('organisations')
      .values({
        slug: `o${randomUUID().slice(0, 8)}`,
        name: 'Demo Kommune',
        cvr: '29189846',
        orgnr: null,
        contact_point: null,
        return_address: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  pdf = await onePagePdf();
});
afterAll(async () => {
  await db?.destroy();
  await blobDb?.destroy();
});

describe('storeInboundMessage', () => {
  it('stores a message with its documents byte for byte; the same message id again is stored once', async () => {
    const m = message({ providerMessageId: randomUUID().toUpperCase() });
    const first = await storeInboundMessage(db, blobs, org, m, { provider: 'digitalpost-sf1601' });
    expect(first.duplicate).toBe(false);
    const again = await Promise.all([storeInboundMessage(db, blobs, org, m), storeInboundMessage(db, blobs, org, m)]);
    expect(again.map((a) => a.duplicate)).toEqual([true, true]);
    expect(again.map((a) => a.messageId)).toEqual([first.messageId, first.messageId]);
    expect(await countOf(m.providerMessageId)).toBe(1);
    const doc = first.documents[0]!;
    expect((await blobs.read(doc.sha256)).equals(pdf)).toBe(true);
    expect((await blobs.read(first.raw.sha256)).equals(m.raw.body)).toBe(true);
    expect(doc.readablePdf).toBe(true);
  });

  it('concurrent first deliveries of one message store it once', async () => {
    const m = message();
    const r = await Promise.all(Array.from({ length: 5 }, () => storeInboundMessage(db, blobs, org, m)));
    expect(r.filter((x) => !x.duplicate)).toHaveLength(1);
    expect(new Set(r.map((x) => x.messageId)).size).toBe(1);
    expect(await countOf(m.providerMessageId)).toBe(1);
  });

  it('keeps a document that is not a readable PDF exactly as received, flagged', async () => {
    const odd = Buffer.from([0x00, 0xff, 0x10, 0x42, 0x99]);
    const fake = Buffer.from('%PDF-1.7 not really a pdf');
    const r = await storeInboundMessage(
      db,
      blobs,
      org,
      message({
        documents: [
          { filename: 'billede.heic', mediaType: 'image/heic', content: odd, role: 'main' },
          { filename: 'skadet.pdf', mediaType: 'application/pdf', content: fake, role: 'additional' },
        ],
      }),
    );
    expect(r.documents.map((d) => d.readablePdf)).toEqual([false, false]);
    expect((await blobs.read(r.documents[0]!.sha256)).equals(odd)).toBe(true);
    expect((await blobs.read(r.documents[1]!.sha256)).equals(fake)).toBe(true);
  });

  it('matches a reply by ReplyData messageUUID: replyTo on the message, reply_received on the letter', async () => {
    const sent = await sentLetter();
    const r = await storeInboundMessage(db, blobs, org, message({ replyTo: { messageUuid: sent.messageId.toUpperCase() } }));
    expect(r.replyTo).toMatchObject({ letterId: sent.letterId, shipmentId: sent.shipmentId, by: 'messageUuid' });
    expect((await getInboxMessage(db, organisationScope(org), r.messageId))!.replyTo).toEqual({
      letterId: sent.letterId,
      shipmentId: sent.shipmentId,
    });
    expect((await events(sent.letterId)).map((e) => e.type)).toEqual(['reply_received']);
  });

  it('falls back to the case id with the same party; an unknown reference matches nothing', async () => {
    const caseId = `SAG-${randomUUID().slice(0, 6)}`;
    const sent = await sentLetter({ caseId });
    const r = await storeInboundMessage(db, blobs, org, message({ replyTo: { messageUuid: randomUUID(), caseId } }));
    expect(r.replyTo).toMatchObject({ letterId: sent.letterId, by: 'caseId' });
    const none = await storeInboundMessage(db, blobs, org, message({ replyTo: { messageUuid: 'not-a-uuid', caseId: 'SAG-unknown' } }));
    expect(none.replyTo).toBeNull();
  });

  it('a document back for an UNDERSKRIV letter is recorded as the signed copy', async () => {
    const sent = await sentLetter({ actions: [{ code: 'UNDERSKRIV', label: 'Underskriv', url: 'https://sign.example.dk/x' }] });
    await storeInboundMessage(db, blobs, org, message({ replyTo: { messageUuid: sent.messageId } }));
    expect((await events(sent.letterId)).map((e) => e.type)).toEqual(['reply_received', 'signed_document_received']);
  });

  it('routes by the first matching rule; an unmatched reply goes to its letter team; the rest waits unassigned', async () => {
    await saveRoutingRules(db, org, [
      { match: { kle: '28.12.08' }, assignTo: { team: 'Børn og unge' } },
      { match: { contactPointId: 'cp-byg' }, assignTo: { team: 'Byggesag', webhook: 'https://esdh.example.dk/hook' } },
      { match: { kle: '28.12.08', contactPointId: 'cp-byg' }, assignTo: { team: 'never' } },
    ]);
    const byKle = await storeInboundMessage(db, blobs, org, message({ routing: { kle: '28.12.08', contactPointId: 'cp-byg' } }));
    expect(byKle.routing).toEqual({ assignTo: { team: 'Børn og unge' }, by: 0 });
    const byCp = await storeInboundMessage(
      db,
      blobs,
      org,
      message({ recipient: { idType: 'CVR', id: '29189846', contactPointId: 'CP-BYG' } }),
    );
    expect(byCp.routing.by).toBe(1);
    const sent = await sentLetter({ team: 'Ydelser' });
    const reply = await storeInboundMessage(db, blobs, org, message({ replyTo: { messageUuid: sent.messageId } }));
    expect(reply.routing).toEqual({ assignTo: { team: 'Ydelser' }, by: 'reply' });
    const loose = await storeInboundMessage(db, blobs, org, message());
    expect(loose.routing.by).toBe('none');
    expect((await getInboxMessage(db, organisationScope(org), loose.messageId))!).toMatchObject({ status: 'unassigned', assignedTo: null });
    expect((await getInboxMessage(db, organisationScope(org), byCp.messageId))!).toMatchObject({
      status: 'assigned',
      assignedTo: { team: 'Byggesag', user: null },
    });
    await saveRoutingRules(db, org, []);
  });

  it('stores nothing when the transaction fails (no accept may be given)', async () => {
    const m = message();
    await expect(
      storeInboundMessage(db, blobs, org, m, {
        inTransaction: async () => {
          throw new Error('archive down');
        },
      }),
    ).rejects.toThrow('archive down');
    expect(await countOf(m.providerMessageId)).toBe(0);
    expect((await storeInboundMessage(db, blobs, org, m)).duplicate).toBe(false);
  });
});

describe('inbox queries', () => {
  it('lists with filters and paging, CPR masked in the list', async () => {
    const other = (
      await db
        .insertInto('organisations')
        .values({ slug: `x${randomUUID().slice(0, 8)}`, name: 'Anden', cvr: null, orgnr: null, contact_point: null, return_address: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const tag = randomUUID().slice(0, 8);
    for (let i = 0; i < 3; i++)
      await storeInboundMessage(
        db,
        blobs,
        other,
        message({ subject: `Ansøgning ${tag} ${i}`, sender: { idType: 'CVR', id: '12345678', name: 'Firma ApS' } }),
      );
    await storeInboundMessage(db, blobs, other, message({ subject: 'Klage' }));
    const all = await listInbox(db, organisationScope(other), {});
    expect(all.total).toBe(4);
    expect(all.items[0]!.sender.id).toBe('010190-XXXX');
    const page2 = await listInbox(db, organisationScope(other), { text: tag, pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(page2.items).toHaveLength(1);
    expect((await listInbox(db, organisationScope(other), { party: '12345678' })).total).toBe(3);
    expect((await listInbox(db, organisationScope(other), { text: '100%_' })).total).toBe(0);
    const id = all.items[0]!.id;
    expect(await assignInboxMessage(db, organisationScope(other), id, { team: 'Klager', user: 'anna' })).toMatchObject({
      status: 'assigned',
    });
    expect((await listInbox(db, organisationScope(other), { team: 'Klager', status: 'assigned' })).items.map((i) => i.id)).toEqual([id]);
    expect(await markInboxMessageDone(db, organisationScope(other), id)).toMatchObject({ status: 'done' });
    expect((await listInbox(db, organisationScope(other), { status: 'done' })).total).toBe(1);
    // Another organisation's message is not there.
    expect(await getInboxMessage(db, organisationScope(org), id)).toBeUndefined();
    expect(await markInboxMessageDone(db, organisationScope(org), id)).toBeUndefined();
  });
});

describe('inbound archive record', () => {
  it('files an incoming record in the sender case with documents, raw message and accept answer', async () => {
    const { inboundArchiveRecord } = await import('./inbound-archive-record.ts');
    const accept = Buffer.from('<postmodtag_response><Status>ACCEPTERET</Status></postmodtag_response>');
    const m = message({ acceptAnswer: { mediaType: 'application/xml', body: accept } });
    let record: ReturnType<typeof inboundArchiveRecord> | undefined;
    const s = await storeInboundMessage(db, blobs, org, m, {
      provider: 'digitalpost-sf1601',
      inTransaction: async (_trx, stored) => void (record = inboundArchiveRecord(stored)),
    });
    expect(record).toMatchObject({
      direction: 'incoming',
      sourceKey: `inbound:digitalpost-sf1601:${m.providerMessageId}`,
      party: { idType: 'CPR', id: '0101904321' },
    });
    expect(record!.documents.map((d) => d.role)).toEqual(['letter', 'wire-message', 'provider-receipt']);
    expect((await blobs.read(s.acceptAnswer!.sha256)).equals(accept)).toBe(true);
    expect((await storeInboundMessage(db, blobs, org, m)).acceptAnswer).toEqual(s.acceptAnswer);
  });
});
