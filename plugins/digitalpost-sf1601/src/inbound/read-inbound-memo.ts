/**
 * @module
 * Reads a MeMo message as SF1606 delivers it, safely: any DOCTYPE is refused before parsing
 * (no DTD, no entities: XXE and "billion laughs" never reach a parser), the whole message is
 * validated against the MeMo schema of its version by libxml2 (network and external entities
 * off), and only then mapped into the SDK's normalised `InboundMessage`.
 */
import { XMLParser } from 'fast-xml-parser';
import type { InboundDocument, InboundMessage } from '@brevdue/shared/sdk';
import { inboundText } from '../messages.ts';
import { validateAgainstSchemaAsync } from '../xsd-validator.ts';
import { InboundRejection } from './inbound-rejection.ts';

type Node = Record<string, unknown>;

const REPEATED = new Set([
  'File',
  'AdditionalDocument',
  'TechnicalDocument',
  'ReplyData',
  'AdditionalReplyData',
  'CPRdata',
  'CVRdata',
  'CaseID',
  'KLEdata',
  'FORMdata',
  'ProductionUnit',
]);
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // Only the predefined entities and character references remain possible: a DOCTYPE was refused,
  // and libxml2 has already refused any undeclared (e.g. HTML) entity; `htmlEntities` decodes &#NNN;.
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return text((v as Node)['#text']);
  const s = String(v).trim();
  return s === '' ? undefined : s;
};
const node = (v: unknown): Node | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : Array.isArray(v) ? (v[0] as Node | undefined) : undefined;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v && typeof v === 'object' ? [v as Node] : []);
const pick = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The MeMo version a body declares (from its root element), without parsing it. */
function declaredVersion(head: string): string {
  return /<(?:\w+:)?Message\b[^>]*\bmemoVersion\s*=\s*["']([^"']*)["']/.exec(head)?.[1] ?? '';
}

/**
 * Checks and reads one MeMo message.
 * @param body the request body exactly as received
 * @param organisationCvr the CVR the message must be addressed to
 * @example const m = await readInboundMemo(body, '29189846');
 * @throws InboundRejection (400 DTD_NOT_ALLOWED, NOT_MEMO, MEMO_VERSION, SCHEMA_VALIDATION; 422 WRONG_RECIPIENT).
 */
export async function readInboundMemo(
  body: Buffer,
  organisationCvr: string,
): Promise<Omit<InboundMessage, 'raw'> & { memoVersion: '1.1' | '1.2' }> {
  // `<!` followed by DOCTYPE or ENTITY cannot occur in valid MeMo (base64 and text have no raw `<`).
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(body.toString('latin1'))) throw new InboundRejection(400, 'DTD_NOT_ALLOWED', inboundText.dtd);
  const head = body.subarray(0, 4096).toString('utf8');
  if (!/<(?:\w+:)?Message\b/.test(head)) throw new InboundRejection(400, 'NOT_MEMO', inboundText.notMemo);
  const version = declaredVersion(head);
  if (version !== '1.1' && version !== '1.2') throw new InboundRejection(400, 'MEMO_VERSION', inboundText.memoVersion(version));
  const valid = await validateAgainstSchemaAsync(body, version === '1.1' ? 'memo-1.1' : 'memo-1.2');
  if (!valid.valid) throw new InboundRejection(400, 'SCHEMA_VALIDATION', inboundText.schema(valid.errors));

  let doc: Node;
  try {
    doc = parser.parse(body.toString('utf8').replace(/^\uFEFF/, '')) as Node;
  } catch (e) {
    throw new InboundRejection(400, 'XML_INVALID', inboundText.notXml((e as Error).message));
  }
  const msg = node(doc.Message);
  const h = node(msg?.MessageHeader);
  const b = node(msg?.MessageBody);
  if (!msg || !h || !b) throw new InboundRejection(400, 'NOT_MEMO', inboundText.notMemo);

  const uuid = text(h.messageUUID)!.toLowerCase();
  const recipient = node(h.Recipient)!;
  const rIdType = text(recipient.idType) ?? '';
  if (rIdType !== 'CVR' || text(recipient.recipientID) !== organisationCvr)
    throw new InboundRejection(422, 'WRONG_RECIPIENT', inboundText.wrongRecipient(rIdType));
  const cp = node(recipient.ContactPoint);
  const sender = node(h.Sender)!;
  const content = node(h.ContentData);
  const first = (name: string, field: string) => text(list(content?.[name])[0]?.[field]);
  const senderPUnit = text(list(node(sender.AttentionData)?.ProductionUnit)[0]?.productionUnitNumber);

  return {
    memoVersion: version,
    providerMessageId: uuid,
    sender: pick({ idType: text(sender.idType) ?? 'OTHER', id: text(sender.senderID) ?? '', name: text(sender.label) }),
    recipient: pick({ idType: rIdType, id: organisationCvr, contactPointId: text(cp?.contactPointID), label: text(recipient.label) }),
    routing: pick({
      contactPointId: text(cp?.contactPointID),
      contactGroup: text(cp?.contactGroup),
      kle: first('KLEdata', 'subjectKey'),
      form: first('FORMdata', 'taskKey'),
      caseId: first('CaseID', 'caseID'),
      pNumber: first('ProductionUnit', 'productionUnitNumber') ?? senderPUnit,
      cpr: first('CPRdata', 'cprNumber'),
      cvr: first('CVRdata', 'cvrNumber'),
    }),
    subject: text(h.label) ?? '',
    documents: documents(b),
    ...replyAndForward(h, uuid),
    ...(text(b.createdDateTime) ? { createdAt: new Date(text(b.createdDateTime)!) } : {}),
  };
}

function documents(b: Node): InboundDocument[] {
  const out: InboundDocument[] = [];
  const add = (d: Node | undefined, role: InboundDocument['role'], idField: string) => {
    if (!d) return;
    for (const f of list(d.File)) {
      const filename = text(f.filename) ?? 'dokument';
      out.push(
        pick({
          filename,
          mediaType: text(f.encodingFormat) ?? 'application/octet-stream',
          content: Buffer.from(text(f.content) ?? '', 'base64'),
          role,
          documentId: text(d[idField]),
          label: text(d.label),
        }),
      );
    }
  };
  add(node(b.MainDocument), 'main', 'mainDocumentID');
  for (const d of list(b.AdditionalDocument)) add(d, 'additional', 'additionalDocumentID');
  for (const d of list(b.TechnicalDocument)) add(d, 'technical', 'technicalDocumentID');
  return out;
}

/**
 * A reply's ReplyData names the thread: the entry whose `replyUUID` is this message names the
 * message answered; failing that, the first entry about another message.
 */
function replyAndForward(h: Node, uuid: string): Pick<InboundMessage, 'replyTo' | 'forwardOf'> {
  const entries = list(h.ReplyData);
  const lc = (v: unknown) => text(v)?.toLowerCase();
  const r = entries.find((e) => lc(e.replyUUID) === uuid) ?? entries.find((e) => lc(e.messageUUID) !== uuid);
  const f = node(h.ForwardData);
  return {
    ...(r
      ? {
          replyTo: pick({
            messageUuid: lc(r.messageUUID),
            replyUuid: lc(r.replyUUID),
            caseId: text(r.caseID),
            contactPointId: text(r.contactPointID),
            generatingSystemId: text(r.generatingSystemID),
            additional: list(r.AdditionalReplyData).length
              ? list(r.AdditionalReplyData).map((a) => ({ label: text(a.label) ?? '', value: text(a.value) ?? '' }))
              : undefined,
          }),
        }
      : {}),
    ...(f
      ? {
          forwardOf: pick({
            messageUuid: lc(f.messageUUID),
            originalSender: text(f.originalSender),
            contactPointId: text(f.contactPointID),
            comment: text(f.comment),
          }),
        }
      : {}),
  };
}
