/**
 * Our local copies of the SF1520 schema differ from the official files only by the import libxml2
 * needs and a comment, so an update of the official files cannot silently diverge from them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../schemas/sf1520/', import.meta.url));
// Line endings are left out: the official files mix CRLF and LF, our copies use LF.
const read = (p: string) => readFileSync(dir + p, 'utf8').replaceAll('\r\n', '\n');
const withoutOurLines = (s: string) =>
  s.replace(/<!--\n {2}Brevdue local copy[\s\S]*?-->\n/, '').replace(/ {4}<!-- Brevdue: added import -->.*\n/, '');

describe('SF1520 local schema copies', () => {
  it('the types file is the official one plus one import', () => {
    const local = read('local/PersonBaseDataExtendedServiceTypes-local.xsd');
    expect(local).toContain('<!-- Brevdue: added import --><xsd:import namespace="http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/"');
    expect(withoutOurLines(local)).toBe(read('xsd/PersonBaseDataExtendedServiceTypes.xsd'));
  });

  it('the message file is the official one with paths from local/', () => {
    const local = withoutOurLines(read('local/PersonBaseDataExtendedServiceMsg-local.xsd'))
      .replaceAll('schemaLocation="../sp/', 'schemaLocation="sp/')
      .replace(
        'schemaLocation="PersonBaseDataExtendedServiceTypes-local.xsd"',
        'schemaLocation="xsd/PersonBaseDataExtendedServiceTypes.xsd"',
      );
    expect(local).toBe(read('PersonBaseDataExtendedServiceMsg.xsd'));
  });
});
