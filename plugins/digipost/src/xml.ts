/**
 * @module
 * XML building and parsing for Digipost documents, through fast-xml-parser. Never concatenate XML
 * by hand: the builder escapes text and attribute values.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** A JS tree for the builder: keys are element names in document order, `@_x` are attributes, `#text` text. */
export type XmlTree = { [name: string]: XmlNode };
export type XmlNode = string | number | XmlTree | XmlTree[] | string[] | undefined;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  suppressEmptyNode: false,
  format: false,
  processEntities: true,
  // 'true' is a value like any other; never write a bare attribute name.
  suppressBooleanAttributes: false,
});

const XML_DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8', '@_standalone': 'yes' } };

/** Serialises a tree as a UTF-8 XML document with the declaration Digipost itself uses. */
export function buildXml(root: XmlTree): string {
  return builder.build({ ...XML_DECLARATION, ...dropUndefined(root) }) as string;
}

function dropUndefined(node: XmlTree): XmlTree {
  const out: XmlTree = {};
  for (const [k, v] of Object.entries(node)) {
    if (v === undefined) continue;
    if (Array.isArray(v))
      out[k] = (v as unknown[]).map((x) => (typeof x === 'object' && x !== null ? dropUndefined(x as XmlTree) : x)) as XmlTree[];
    else if (typeof v === 'object') out[k] = dropUndefined(v);
    else out[k] = v;
  }
  return out;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  // Elements that may repeat are always arrays, so readers need no "one or many" checks.
  isArray: (name) => ['attachment', 'event', 'link', 'attachments'].includes(name),
});

/** Parses an XML document into a plain tree (namespace prefixes removed, all values strings). */
export function parseXml(xml: string | Buffer): Record<string, unknown> {
  return parser.parse(typeof xml === 'string' ? xml : xml.toString('utf8')) as Record<string, unknown>;
}

/** Reads a string child, or undefined. */
export function text(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as Record<string, unknown>)[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t === undefined ? '' : String(t);
  }
  return String(v);
}
