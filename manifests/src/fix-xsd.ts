/**
 * @module
 * The three documented fixes that make Microsoft's 2020 manifest XSDs usable by libxml2 (see
 * `../shared/specs/office/SOURCES.md`): `https` back to `http` in the XML Schema and xmldsig
 * namespaces, the .NET lazy quantifier `{0,3}?` → `{0,3}`, and a stub for the never-published
 * ContentAppVersionOverridesV1_0.xsd. The fixed copies live in `manifests/xsd/`; a test
 * re-derives them from the originals so they cannot drift.
 */

/** Fixes 1 and 2 applied to one schema's text. */
export function fixXsd(text: string): string {
  return text
    .replaceAll('xmlns:xs="https://www.w3.org/2001/XMLSchema"', 'xmlns:xs="http://www.w3.org/2001/XMLSchema"')
    .replaceAll('https://www.w3.org/2000/09/xmldsig#', 'http://www.w3.org/2000/09/xmldsig#')
    .replaceAll('{0,3}?', '{0,3}');
}

/** Fix 3: the stub for the content add-in overrides namespace (we build no content add-ins). */
export const CONTENT_OVERRIDES_STUB = `<?xml version="1.0" encoding="utf-8"?>
<!-- Stub: Microsoft never published ContentAppVersionOverridesV1_0.xsd; OfficeAppManifestV1_1.xsd imports it. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://schemas.microsoft.com/office/contentappversionoverrides" elementFormDefault="qualified">
  <xs:element name="VersionOverrides">
    <xs:complexType>
      <xs:sequence>
        <xs:any minOccurs="0" maxOccurs="unbounded" processContents="skip"/>
      </xs:sequence>
      <xs:anyAttribute processContents="skip"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
`;

/** The schema files, in the order the validator loads them (the main one first). */
export const XSD_FILES = [
  'OfficeAppManifestV1_1.xsd',
  'OfficeAppBasicTypesV1_0.xsd',
  'TaskPaneAppVersionOverridesV1_0.xsd',
  'MailAppVersionOverridesV1_0.xsd',
  'MailAppVersionOverridesV1_1.xsd',
] as const;
export const CONTENT_STUB_FILE = 'ContentAppVersionOverridesV1_0.xsd';
