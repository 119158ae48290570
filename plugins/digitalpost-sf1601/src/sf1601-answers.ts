/**
 * @module
 * The answers of KombiPostAfsend and of the status call, as this plugin and its simulator speak
 * them. ASSUMED SHAPE: the official SF1601 answer format is not public (see README "Assumptions");
 * the fields are the ones every answer must carry (transaction, message UUID, outcome, error
 * code and text). Both sides build and read them here, with an XML library.
 */
import { create } from 'xmlbuilder2';
import { XMLParser } from 'fast-xml-parser';

/** Outcome of a KombiPostAfsend call. */
export interface KombiAnswer {
  TransaktionsId: string;
  MessageUUID: string;
  KombiValgKode?: string;
  /** MODTAGET: accepted; DUBLET: already had this messageUUID; AFVIST: refused. */
  Status: 'MODTAGET' | 'DUBLET' | 'AFVIST';
  FejlKode?: string;
  FejlTekst?: string;
}

/** Delivery state of one message. */
export interface StatusAnswer {
  MessageUUID: string;
  /** AFVENTER: not yet delivered; LEVERET: delivered on `Kanal`; FEJLET: could not be delivered. */
  Status: 'AFVENTER' | 'LEVERET' | 'FEJLET';
  Kanal?: 'Digital Post' | 'Fysisk Post' | 'NemSMS';
  Tidspunkt: string;
  FejlTekst?: string;
}

function toXml(root: string, fields: object): Buffer {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(root);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) doc.ele(k).txt(String(v)).up();
  return Buffer.from(doc.end({ prettyPrint: true }), 'utf8');
}

const parser = new XMLParser({ parseTagValue: false, trimValues: true });

function fromXml<T>(root: string, body: Buffer): T | undefined {
  try {
    const parsed = parser.parse(body.toString('utf8')) as Record<string, unknown>;
    const v = parsed[root];
    return v && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

export const kombiAnswerXml = (a: KombiAnswer): Buffer => toXml('kombi_response', a);
export const statusAnswerXml = (a: StatusAnswer): Buffer => toXml('kombi_status', a);
export const parseKombiAnswer = (body: Buffer): KombiAnswer | undefined => fromXml<KombiAnswer>('kombi_response', body);
export const parseStatusAnswer = (body: Buffer): StatusAnswer | undefined => fromXml<StatusAnswer>('kombi_status', body);

/** Paths on Serviceplatformen (the first two from the public clients; the status path is assumed). */
export const PATHS = {
  kombi: '/service/KombiPostAfsend_1/kombi',
  memos: '/service/KombiPostAfsend_1/memos',
  status: (uuid: string) => `/service/KombiPostAfsend_1/status/${uuid}`,
  postForespoerg: (service: 'digitalpost' | 'nemsms') => `/service/PostForespoerg_1/${service}`,
} as const;
