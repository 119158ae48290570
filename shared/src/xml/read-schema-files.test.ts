import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createXsdValidator, readSchemaFiles } from './index.ts';

describe('readSchemaFiles', () => {
  it('reads the .xsd files of the given folders by relative path, ready for createXsdValidator', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brevdue-xsd-'));
    mkdirSync(join(dir, 'a', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'b'));
    writeFileSync(
      join(dir, 'a', 'root.xsd'),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="deep/types.xsd"/><xs:element name="n" type="T"/></xs:schema>',
    );
    writeFileSync(
      join(dir, 'a', 'deep', 'types.xsd'),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="T"><xs:restriction base="xs:int"/></xs:simpleType></xs:schema>',
    );
    writeFileSync(join(dir, 'a', 'notes.txt'), 'not a schema');
    writeFileSync(join(dir, 'b', 'other.xsd'), '<x/>');

    expect(Object.keys(readSchemaFiles(dir, ['a'])).sort()).toEqual(['a/deep/types.xsd', 'a/root.xsd']);
    const all = readSchemaFiles(dir);
    expect(Object.keys(all).sort()).toEqual(['a/deep/types.xsd', 'a/root.xsd', 'b/other.xsd']);

    const v = createXsdValidator({ files: readSchemaFiles(dir, ['a']), root: 'a/root.xsd' });
    expect(v.validate('<n>42</n>').valid).toBe(true);
    expect(v.validate('<n>fire</n>').errors[0]!.message).toContain("'fire' is not a valid value");
    v.close();
  });
});
