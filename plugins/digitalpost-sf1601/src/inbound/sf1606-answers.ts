/**
 * @module
 * PostModtag's answer to the Postkomponent: accept or reject in the same call. The official
 * SF1606 answer schema is not public (see the README's assumptions); this is the one place to
 * change when it is. Answer: `postmodtag_response` XML with the message UUID, `Status`
 * (`ACCEPTERET`/`AFVIST`) and, for a refusal, `FejlKode`/`FejlTekst`; HTTP 200 for accept, 4xx for a
 * refusal, 503 when the platform could not store it (the Postkomponent tries again).
 */
import { create } from 'xmlbuilder2';
import { XMLParser } from 'fast-xml-parser';

export interface PostModtagAnswer {
  TransaktionsId: string;
  MessageUUID: string;
  Status: 'ACCEPTERET' | 'AFVIST';
  FejlKode?: string;
  FejlTekst?: string;
}

/** Serialises an answer (UTF-8 XML). */
export function postModtagAnswerXml(a: PostModtagAnswer): Buffer {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('postmodtag_response');
  root.ele('TransaktionsId').txt(a.TransaktionsId);
  root.ele('MessageUUID').txt(a.MessageUUID);
  root.ele('Status').txt(a.Status);
  if (a.FejlKode) root.ele('FejlKode').txt(a.FejlKode);
  if (a.FejlTekst) root.ele('FejlTekst').txt(a.FejlTekst);
  return Buffer.from(root.end({ prettyPrint: false }), 'utf8');
}

// Answers are small and come from our own code or the platform; entities stay unexpanded anyway.
const parser = new XMLParser({ parseTagValue: false, processEntities: false });

/** Reads an answer; undefined when the body is not one. */
export function parsePostModtagAnswer(body: string | Buffer): PostModtagAnswer | undefined {
  try {
    const r = (parser.parse(body.toString()) as { postmodtag_response?: PostModtagAnswer }).postmodtag_response;
    return r && typeof r === 'object' && (r.Status === 'ACCEPTERET' || r.Status === 'AFVIST') ? r : undefined;
  } catch {
    return undefined;
  }
}
