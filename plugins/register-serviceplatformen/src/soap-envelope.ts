/**
 * @module
 * SOAP 1.1 envelopes as Serviceplatformen's document/literal services speak them: the request or
 * answer element is the Body's only child; a failure is a `soap:Fault` whose `detail` may carry a
 * `ServiceplatformFault` with an error list. Built with xmlbuilder2, read with its DOM parser
 * (payload extraction keeps namespaces) and fast-xml-parser (field access); DTDs are refused.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { XMLParser } from 'fast-xml-parser';

/** The SOAP 1.1 envelope namespace, and the ServiceplatformFault detail's. */
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SP_FAULT_NS = 'http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/';

/** A SOAP fault as read from an answer. */
export interface SoapFault {
  /** `soap:Client` (the request is at fault) or `soap:Server`, without the prefix. */
  code: string;
  text: string;
  /** The ServiceplatformFault's error list, when the detail has one. */
  errors: Array<{ code: string; text: string }>;
}

/** The Body's only element child, serialised as a document of its own (namespaces declared), with its local name and namespace. */
export interface SoapPayload {
  localName: string;
  namespace: string | null;
  xml: string;
}

/** Wraps a payload element (built by the caller) in a SOAP 1.1 envelope. */
export function soapEnvelope(payload: XMLBuilder): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(SOAP_NS, 'soapenv:Envelope');
  doc.ele(SOAP_NS, 'soapenv:Header').up().ele(SOAP_NS, 'soapenv:Body').import(payload);
  return doc.end();
}

/** A SOAP 1.1 fault envelope, with a ServiceplatformFault detail. */
export function soapFaultEnvelope(fault: SoapFault): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(SOAP_NS, 'soap:Envelope');
  const f = doc.ele(SOAP_NS, 'soap:Body').ele(SOAP_NS, 'soap:Fault');
  f.ele('faultcode').txt(`soap:${fault.code}`).up().ele('faultstring').txt(fault.text);
  if (fault.errors.length) {
    const list = f.ele('detail').ele(SP_FAULT_NS, 'spf:ServiceplatformFault').ele(SP_FAULT_NS, 'spf:ErrorList');
    for (const e of fault.errors)
      list.ele(SP_FAULT_NS, 'spf:Error').ele(SP_FAULT_NS, 'spf:ErrorCode').txt(e.code).up().ele(SP_FAULT_NS, 'spf:ErrorText').txt(e.text);
  }
  return doc.end();
}

/** The envelope is not SOAP 1.1 as we expect it (not XML, a DTD, no Body, no single payload). */
export class SoapFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoapFormatError';
  }
}

const DOCTYPE = /<!DOCTYPE/i;

type DomNode = XMLBuilder['node'];
type DomElement = DomNode & { readonly localName: string; readonly namespaceURI: string | null };

function isElement(n: DomNode | undefined): n is DomElement {
  return n?.nodeType === 1;
}

// Element children from `childNodes`: xmlbuilder2's DOM `children` also lists deeper descendants.
function elementChildren(e: DomNode): DomElement[] {
  return Array.from(e.childNodes).filter(isElement);
}

/**
 * The payload element of a SOAP 1.1 envelope.
 * @throws SoapFormatError when the text is not a SOAP 1.1 envelope with one Body element.
 */
export function soapPayload(xml: string): SoapPayload {
  // No DTD, so no entity expansion (billion laughs) and nothing fetched.
  if (DOCTYPE.test(xml)) throw new SoapFormatError('a DOCTYPE is not allowed');
  let doc: XMLBuilder;
  try {
    doc = create(xml);
  } catch (e) {
    throw new SoapFormatError(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const env = doc.root().node;
  if (!isElement(env) || env.localName !== 'Envelope' || env.namespaceURI !== SOAP_NS)
    throw new SoapFormatError('the root is not a SOAP 1.1 Envelope');
  const body = elementChildren(env).find((c) => c.localName === 'Body' && c.namespaceURI === SOAP_NS);
  if (!body) throw new SoapFormatError('the Envelope has no Body');
  const children = elementChildren(body);
  if (children.length !== 1) throw new SoapFormatError(`the Body must hold one element, it holds ${children.length}`);
  const payload = children[0]!;
  return {
    localName: payload.localName,
    namespace: payload.namespaceURI,
    xml: create()
      .import(doc.root().find((n) => n.node === payload, false, true)!)
      .end({ headless: true }),
  };
}

// Namespace prefixes are the sender's choice: read by local names. Values stay text (no number guessing:
// "0101904321" must not become 101904321).
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
});

/** A parsed element: child elements by local name, attributes as `@name`, text as `#text`. */
export type XmlObject = { [key: string]: XmlValue };
export type XmlValue = string | XmlObject | XmlValue[];

/** Parses one payload document into plain objects. */
export function parsePayload(xml: string): XmlObject {
  return parser.parse(xml) as XmlObject;
}

/** A child's elements as a list (fast-xml-parser gives one element as an object, several as an array). */
export function list(v: XmlValue | undefined): XmlValue[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A child as an object, when it is one. */
export function obj(v: XmlValue | undefined): XmlObject | undefined {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** A child's text (an element with attributes keeps its text under `#text`). */
export function text(v: XmlValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  const o = obj(v);
  const t = o?.['#text'];
  return typeof t === 'string' ? t : undefined;
}

/** Reads a fault from a fault payload (`Fault`), or undefined when the payload is not one. */
export function readFault(payload: SoapPayload): SoapFault | undefined {
  if (payload.localName !== 'Fault' || payload.namespace !== SOAP_NS) return undefined;
  const f = obj(parsePayload(payload.xml)['Fault']) ?? {};
  const errors = list(obj(obj(obj(f['detail'])?.['ServiceplatformFault'])?.['ErrorList'])?.['Error']).map((e) => ({
    code: text(obj(e)?.['ErrorCode']) ?? '',
    text: text(obj(e)?.['ErrorText']) ?? '',
  }));
  return { code: (text(f['faultcode']) ?? '').replace(/^.*:/, ''), text: text(f['faultstring']) ?? '', errors };
}
