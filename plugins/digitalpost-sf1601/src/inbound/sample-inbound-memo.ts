/**
 * @module
 * A sample of received post, for trying the inbound path by hand (`brevdue simulate`, the
 * end-to-end tests): a citizen's MeMo 1.2 message with a one-page PDF, optionally as a reply
 * (ReplyData naming the letter answered) — what Digital Post hands the Postkomponent.
 */
import { randomUUID } from 'node:crypto';

/** A tiny valid one-page PDF ("Svar"), so the sample's document is a readable PDF. */
const ONE_PAGE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

export interface SampleInboundOptions {
  /** The organisation's CVR (the recipient). */
  cvr: string;
  messageUuid?: string;
  /** The sender's CPR (a test CPR by default). */
  senderCpr?: string;
  subject?: string;
  /** Makes it a reply to the letter sent with this MeMo messageUUID. */
  replyToMessageUuid?: string;
  caseId?: string;
  contactPointId?: string;
  kle?: string;
  document?: { filename: string; mediaType: string; content: Buffer };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A MeMo 1.2 message a citizen sends the organisation.
 * @example
 * const body = sampleInboundMemo({ cvr: '29189846', replyToMessageUuid });
 * await simulatorRequest(sim, '/_simulator/inbound', { method: 'POST', body });
 */
export function sampleInboundMemo(o: SampleInboundOptions): string {
  const uuid = o.messageUuid ?? randomUUID();
  const doc = o.document ?? { filename: 'svar.pdf', mediaType: 'application/pdf', content: ONE_PAGE_PDF };
  const contentData = [
    o.caseId ? `<memo:CaseID><memo:caseID>${esc(o.caseId)}</memo:caseID><memo:caseSystem>Borger</memo:caseSystem></memo:CaseID>` : '',
    o.kle
      ? `<kle:KLEdata><kle:subjectKey>${esc(o.kle)}</kle:subjectKey><kle:version>2024</kle:version>` +
        '<kle:label>Sag</kle:label></kle:KLEdata>'
      : '',
  ].join('');
  const el = (name: string, value: string) => `<memo:${name}>${value}</memo:${name}>`;
  const contactPoint = o.contactPointId ? `<memo:ContactPoint>${el('contactPointID', esc(o.contactPointId))}</memo:ContactPoint>` : '';
  const reply = o.replyToMessageUuid
    ? `<memo:ReplyData>${el('messageUUID', o.replyToMessageUuid)}${el('replyUUID', uuid)}${o.caseId ? el('caseID', esc(o.caseId)) : ''}` +
      '</memo:ReplyData>'
    : '';
  const file = [
    el('encodingFormat', esc(doc.mediaType)),
    el('filename', esc(doc.filename)),
    el('language', 'da'),
    el('content', doc.content.toString('base64')),
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" xmlns:kle="http://kle-online.dk/" memoVersion="1.2">
  <memo:MessageHeader>
    ${el('messageType', 'DIGITALPOST')}
    ${el('messageUUID', uuid)}
    ${el('label', esc(o.subject ?? 'Svar på jeres brev'))}
    <memo:Sender>${el('senderID', o.senderCpr ?? '0101904321')}${el('idType', 'CPR')}${el('label', 'Jens Hansen')}</memo:Sender>
    <memo:Recipient>${el('recipientID', o.cvr)}${el('idType', 'CVR')}${contactPoint}</memo:Recipient>
    ${contentData ? `<memo:ContentData>${contentData}</memo:ContentData>` : ''}
    ${reply}
  </memo:MessageHeader>
  <memo:MessageBody>
    ${el('createdDateTime', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'))}
    <memo:MainDocument><memo:File>${file}</memo:File></memo:MainDocument>
  </memo:MessageBody>
</memo:Message>
`;
}
