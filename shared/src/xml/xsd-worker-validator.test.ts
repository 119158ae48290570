import { describe, expect, it } from 'vitest';
import { createXsdValidator, createXsdWorkerValidator, XsdSchemaError } from './index.ts';

const XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:include schemaLocation="types/types.xsd"/>
  <xs:element name="Letter"><xs:complexType><xs:sequence>
    <xs:element name="label" type="Text10"/>
    <xs:element name="content" type="xs:base64Binary"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;
const TYPES = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <xs:simpleType name="Text10"><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType>
</xs:schema>`;
const FILES = { 'letter.xsd': XSD, 'types/types.xsd': Buffer.from(TYPES) };
const doc = (label: string, content = 'SGVq') =>
  `<Letter xmlns="urn:t">\n<label>${label}</label>\n<content>${content}</content>\n</Letter>`;

describe('createXsdWorkerValidator', () => {
  it('answers as the synchronous validator does, for many calls spread over two threads', async () => {
    const v = await createXsdWorkerValidator({ files: FILES, root: 'letter.xsd', threads: 2 });
    const sync = createXsdValidator({ files: FILES, root: 'letter.xsd' });
    const docs = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? doc('elleve tegn!') : doc(`brev ${i}`)));
    const results = await Promise.all(docs.map((d, i) => v.validate(i % 2 ? d : Buffer.from(d))));
    expect(results).toEqual(docs.map((d) => sync.validate(d)));
    expect(results[0]).toMatchObject({ valid: false, errors: [{ line: 2, message: expect.stringContaining("'{urn:t}label'") }] });
    expect(results[1]).toEqual({ valid: true, errors: [] });
    sync.close();
    await v.close();
  });

  it('validates a 40 MB base64 node off the main thread', async () => {
    const v = await createXsdWorkerValidator({ files: FILES, root: 'letter.xsd' });
    const xml = Buffer.from(doc('Stor', Buffer.alloc(30 * 1024 * 1024, 0x41).toString('base64')));
    expect(await v.validate(xml)).toEqual({ valid: true, errors: [] });
    await v.close();
  });

  it('refuses a schema set that does not compile, with the same coded error', async () => {
    const err = await createXsdWorkerValidator({ files: { 'letter.xsd': XSD }, root: 'letter.xsd' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XsdSchemaError);
    expect(err).toMatchObject({ code: 'XSD_IMPORT_MISSING', option: 'files', message: expect.stringContaining('types/types.xsd') });
  });

  it('refuses calls after close', async () => {
    const v = await createXsdWorkerValidator({ files: FILES, root: 'letter.xsd' });
    await v.close();
    await expect(v.validate(doc('x'))).rejects.toThrow(/closed/);
  });
});
