/**
 * @module
 * GetOrganized's metadata XML: one `<z:row xmlns:z="#RowsetSchema" ows_Field="value"/>` element
 * whose attributes are the fields (as the itk-dev client's `buildMetadata`). Built and parsed
 * with fast-xml-parser so values are always escaped.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false });

/** Builds the `z:row` element from field/value pairs. */
export function buildMetadataXml(fields: Record<string, string>): string {
  const attrs: Record<string, string> = { '@_xmlns:z': '#RowsetSchema' };
  for (const [k, v] of Object.entries(fields)) attrs[`@_${k}`] = v;
  return builder.build({ 'z:row': attrs }) as string;
}

/**
 * Parses a `z:row` element back into its fields (the namespace declaration dropped).
 * @throws Error when the XML has no `z:row` root.
 */
export function parseMetadataXml(xml: string): Record<string, string> {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const row = doc['z:row'];
  if (row === undefined) throw new Error('metadata is not a <z:row xmlns:z="#RowsetSchema"/> element');
  const out: Record<string, string> = {};
  if (row && typeof row === 'object') {
    for (const [k, v] of Object.entries(row as Record<string, unknown>)) if (k !== 'xmlns:z') out[k] = String(v);
  }
  return out;
}
