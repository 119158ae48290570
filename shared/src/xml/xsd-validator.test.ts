import { describe, expect, it } from 'vitest';
import { createXsdValidator, XsdSchemaError } from './index.ts';

// A root in one folder importing a type library from a sibling folder through `../`, as MeMo 1.2
// imports the 1.1 files.
const LETTER_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test:types"
           targetNamespace="urn:test:letter" xmlns="urn:test:letter" elementFormDefault="qualified">
  <xs:import namespace="urn:test:types" schemaLocation="../types/types.xsd"/>
  <xs:element name="Letter">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="label" type="t:Text10"/>
        <xs:element name="notification" type="t:Text10" minOccurs="0"/>
        <xs:element name="content" type="xs:base64Binary"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

const TYPES_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:types">
  <xs:simpleType name="Text10"><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType>
</xs:schema>`;

const FILES = { 'letter/letter.xsd': LETTER_XSD, 'types/types.xsd': Buffer.from(TYPES_XSD) };

const letter = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Letter xmlns="urn:test:letter">\n${inner}\n</Letter>\n`;

describe('createXsdValidator', () => {
  it('passes a valid document, as text and as bytes, many times with one compile', () => {
    const v = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    const xml = letter('  <label>Møde</label>\n  <notification>Hej</notification>\n  <content>SGVq</content>');
    for (let i = 0; i < 50; i++) expect(v.validate(i % 2 ? xml : Buffer.from(xml))).toEqual({ valid: true, errors: [] });
    v.close();
  });

  it('fails a misordered element with its line number and path', () => {
    const v = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    const r = v.validate(letter('  <label>Møde</label>\n  <content>SGVq</content>\n  <notification>Hej</notification>'));
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({
      line: 5,
      path: '/*/*[3]',
      message: expect.stringContaining("'{urn:test:letter}notification': This element is not expected"),
    });
    v.close();
  });

  it('applies limits from an imported schema', () => {
    const v = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    const r = v.validate(letter('<label>elleve tegn</label><content>SGVq</content>'));
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.message).toContain("length of '11'");
    expect(r.errors[0]!.message).toContain("maximum length of '10'");
    v.close();
  });

  it('reports a document that is not well-formed as invalid with the parser line', () => {
    const v = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    const r = v.validate(letter('<label>x</label>\n<content>SGVq</contents>'));
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({ line: 4 });
    expect(r.errors[0]!.message).toMatch(/mismatch/i);
    v.close();
  });

  it('validates a 40 MB base64 text node (a 30 MB PDF) whole', () => {
    const v = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    const base64 = Buffer.alloc(30 * 1024 * 1024, 0x41).toString('base64');
    expect(base64.length).toBeGreaterThan(40_000_000);
    expect(v.validate(letter(`<label>Stor</label><content>${base64}</content>`))).toEqual({ valid: true, errors: [] });
    // The base64 is checked too, not skipped: one bad character at the end fails the document.
    const r = v.validate(letter(`<label>Stor</label><content>${base64.slice(0, -4)}AA*=</content>`));
    expect(r.valid).toBe(false);
    // libxml2 quotes the value (cut at 64 kB); the message keeps only its start and length.
    expect(r.errors[0]!.message).toMatch(/^Element '\{urn:test:letter\}content': 'QUFB.{0,80}… \(\d+ characters\)/);
    expect(r.errors[0]!.message.length).toBeLessThan(200);
    v.close();
  });

  it('keeps two schema sets with the same paths apart', () => {
    const strict = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    const loose = createXsdValidator({
      files: { ...FILES, 'types/types.xsd': TYPES_XSD.replace('value="10"', 'value="100"') },
      root: 'letter/letter.xsd',
    });
    const xml = letter('<label>elleve tegn</label><content>SGVq</content>');
    expect(strict.validate(xml).valid).toBe(false);
    expect(loose.validate(xml).valid).toBe(true);
    strict.close();
    loose.close();
  });

  it('refuses use after close, and close twice is harmless', () => {
    const v = createXsdValidator({ files: FILES, root: 'letter/letter.xsd' });
    v.close();
    v.close();
    expect(() => v.validate(letter('<label>x</label><content>SGVq</content>'))).toThrow(/closed/);
  });

  it('refuses a root that is not among the files, naming the option', () => {
    expect(() => createXsdValidator({ files: FILES, root: 'letter.xsd' })).toThrow(
      expect.objectContaining({ name: 'XsdSchemaError', code: 'XSD_ROOT_MISSING', option: 'root' }) as XsdSchemaError,
    );
    expect(() => createXsdValidator({ files: FILES, root: 'letter.xsd' })).toThrow(/option "root": "letter.xsd" is not one of the files/);
  });

  it('refuses a schema set that lacks an imported file, naming the file', () => {
    expect(() => createXsdValidator({ files: { 'letter/letter.xsd': LETTER_XSD }, root: 'letter/letter.xsd' })).toThrow(
      /XSD_IMPORT_MISSING: option "files": imported\/included but not given: types\/types.xsd/,
    );
  });

  it('refuses no files, and a root that is not XML', () => {
    expect(() => createXsdValidator({ files: {}, root: 'a.xsd' })).toThrow(/XSD_NO_FILES/);
    expect(() => createXsdValidator({ files: { 'a.xsd': '<xs:schema' }, root: './a.xsd' })).toThrow(
      /XSD_NOT_WELL_FORMED: option "root": "a.xsd" is not well-formed XML/,
    );
  });

  it('refuses a schema libxml2 cannot compile, with its message', () => {
    const broken = TYPES_XSD.replace('xs:maxLength value="10"', 'xs:maxLength value="ten"');
    expect(() => createXsdValidator({ files: { ...FILES, 'types/types.xsd': broken }, root: 'letter/letter.xsd' })).toThrow(
      /XSD_COMPILE: .*does not compile: types\/types.xsd:3 .*'ten'/,
    );
  });
});
