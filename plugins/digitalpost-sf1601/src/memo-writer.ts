/**
 * @module
 * Writes a `memo:Message` in the schema's element order (every MeMo type is an xs:sequence),
 * streaming document content as base64.
 */
import { writeBase64 } from './base64-stream.ts';
import type { MemoAction, MemoDocument, MemoMessage } from './memo-model.ts';
import { XmlSink, type XmlWriter } from './xml-sink.ts';

export const MEMO_NS = 'https://DigitalPost.dk/MeMo-1';
export const GRD_NS = 'https://data.gov.dk/model/core/';

/** MeMo 1.1 carries the schema version it was made for; 1.2 dropped the attribute. */
const MEMO_SCH_VERSION = '1.1.0';

function leaf(w: XmlWriter, name: string, value: string | boolean | undefined, ns = MEMO_NS): void {
  if (value === undefined) return;
  w.ele(ns, name).txt(String(value)).up();
}

/**
 * Writes the message as the next element of `w`; it declares its own namespaces, so the
 * element is a standalone document once cut out.
 */
export async function writeMemo(w: XmlWriter, m: MemoMessage): Promise<void> {
  w.ele(
    MEMO_NS,
    'memo:Message',
    m.version === '1.1' ? { memoVersion: m.version, memoSchVersion: MEMO_SCH_VERSION } : { memoVersion: m.version },
  );
  w.att('http://www.w3.org/2000/xmlns/', 'xmlns:grd', GRD_NS);
  w.ele(MEMO_NS, 'memo:MessageHeader');
  leaf(w, 'memo:messageType', m.messageType);
  leaf(w, 'memo:messageUUID', m.messageUUID);
  leaf(w, 'memo:label', m.label);
  leaf(w, 'memo:notification', m.notification);
  leaf(w, 'memo:reply', m.reply);
  leaf(w, 'memo:replyByDateTime', m.replyByDateTime);
  leaf(w, 'memo:doNotDeliverUntilDate', m.doNotDeliverUntilDate);
  leaf(w, 'memo:mandatory', m.mandatory);
  leaf(w, 'memo:legalNotification', m.legalNotification);
  leaf(w, 'memo:postType', m.postType);

  w.ele(MEMO_NS, 'memo:Sender');
  leaf(w, 'memo:senderID', m.sender.senderID);
  leaf(w, 'memo:idType', m.sender.idType);
  leaf(w, 'memo:label', m.sender.label);
  if (m.sender.contactPoint) {
    w.ele(MEMO_NS, 'memo:ContactPoint');
    leaf(w, 'memo:contactPointID', m.sender.contactPoint.contactPointID);
    leaf(w, 'memo:label', m.sender.contactPoint.label);
    w.up();
  }
  w.up();

  w.ele(MEMO_NS, 'memo:Recipient');
  leaf(w, 'memo:recipientID', m.recipient.recipientID);
  leaf(w, 'memo:idType', m.recipient.idType);
  leaf(w, 'memo:label', m.recipient.label);
  if (m.recipient.productionUnitNumber) {
    w.ele(MEMO_NS, 'memo:AttentionData').ele(GRD_NS, 'grd:ProductionUnit');
    leaf(w, 'grd:productionUnitNumber', m.recipient.productionUnitNumber, GRD_NS);
    w.up().up();
  }
  w.up();

  const c = m.contentData;
  if (c && (c.cpr || c.cvr || c.caseId)) {
    w.ele(MEMO_NS, 'memo:ContentData');
    if (c.cpr) {
      w.ele(GRD_NS, 'grd:CPRdata');
      leaf(w, 'grd:cprNumber', c.cpr.cprNumber, GRD_NS);
      leaf(w, 'grd:name', c.cpr.name, GRD_NS);
      w.up();
    }
    if (c.cvr) {
      w.ele(GRD_NS, 'grd:CVRdata');
      leaf(w, 'grd:cvrNumber', c.cvr.cvrNumber, GRD_NS);
      leaf(w, 'grd:companyName', c.cvr.companyName, GRD_NS);
      w.up();
    }
    if (c.caseId) {
      w.ele(MEMO_NS, 'memo:CaseID');
      leaf(w, 'memo:caseID', c.caseId.caseID);
      leaf(w, 'memo:caseSystem', c.caseId.caseSystem);
      w.up();
    }
    w.up();
  }
  if (m.replyData) {
    w.ele(MEMO_NS, 'memo:ReplyData');
    leaf(w, 'memo:messageID', m.replyData.messageID);
    leaf(w, 'memo:messageUUID', m.replyData.messageUUID);
    w.up();
  }
  w.up(); // MessageHeader

  if (m.body) {
    w.ele(MEMO_NS, 'memo:MessageBody');
    leaf(w, 'memo:createdDateTime', m.body.createdDateTime);
    await writeDocument(w, 'memo:MainDocument', 'memo:mainDocumentID', m.body.mainDocument);
    for (const d of m.body.additionalDocuments) await writeDocument(w, 'memo:AdditionalDocument', 'memo:additionalDocumentID', d);
    w.up();
  }
  w.up(); // Message
}

async function writeDocument(w: XmlWriter, element: string, idElement: string, d: MemoDocument): Promise<void> {
  w.ele(MEMO_NS, element);
  leaf(w, idElement, d.id);
  leaf(w, 'memo:label', d.label);
  for (const f of d.files) {
    w.ele(MEMO_NS, 'memo:File');
    leaf(w, 'memo:encodingFormat', f.encodingFormat);
    leaf(w, 'memo:filename', f.filename);
    leaf(w, 'memo:language', f.language);
    w.ele(MEMO_NS, 'memo:content');
    await writeBase64(w, f.document);
    w.up();
    w.up();
  }
  for (const a of d.actions) writeAction(w, a);
  w.up();
}

function writeAction(w: XmlWriter, a: MemoAction): void {
  w.ele(MEMO_NS, 'memo:Action');
  leaf(w, 'memo:label', a.label);
  leaf(w, 'memo:actionCode', a.actionCode);
  leaf(w, 'memo:startDateTime', a.startDateTime);
  leaf(w, 'memo:endDateTime', a.endDateTime);
  const r = a.reservation;
  if (r) {
    w.ele(MEMO_NS, 'memo:Reservation');
    leaf(w, 'memo:description', r.description);
    leaf(w, 'memo:reservationUUID', r.reservationUUID);
    leaf(w, 'memo:abstract', r.abstract);
    leaf(w, 'memo:location', r.location);
    leaf(w, 'memo:startDateTime', r.startDateTime);
    leaf(w, 'memo:endDateTime', r.endDateTime);
    leaf(w, 'memo:organizerName', r.organizerName);
    w.up();
  } else if (a.entryPoint) {
    w.ele(MEMO_NS, 'memo:EntryPoint');
    leaf(w, 'memo:url', a.entryPoint.url);
    w.up();
  }
  w.up();
}

/**
 * The message as a standalone XML document (tests, and the proof kept beside the request).
 * @example const xml = await memoDocument(memoFromLetter(letter, settings));
 */
export async function memoDocument(m: MemoMessage): Promise<Buffer> {
  const sink = new XmlSink();
  await writeMemo(sink.writer, m);
  return sink.finish();
}
