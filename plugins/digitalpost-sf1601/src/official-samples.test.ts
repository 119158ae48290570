/**
 * DIGST's official MeMo 1.1 examples parse and validate against the official XSD; the 1.2
 * examples validate against our derived 1.2 schema, which rejects what 1.2 removed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { validateAgainstSchema } from './xsd-validator.ts';

const sample = (p: string) => readFileSync(fileURLToPath(new URL(`../test-data/${p}`, import.meta.url)));
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@' });

describe('official MeMo samples', () => {
  for (const name of ['MeMo_Full_Example.xml', 'MeMo_Minimum_Example.xml']) {
    it(`official 1.1 ${name} parses and validates against the official 1.1 XSD`, async () => {
      const xml = sample(`memo-samples/official-v1.1/${name}`);
      const m = parser.parse(xml.toString('utf8').replace(/^\uFEFF/, '')).Message;
      expect(m['@memoVersion']).toBe('1.1');
      expect(m.MessageHeader.messageType).toBe('DIGITALPOST');
      expect(validateAgainstSchema(xml, 'memo-1.1')).toEqual({ valid: true, errors: [] });
    });
    it(`official 1.1 ${name} is refused by the derived 1.2 schema (memoSchVersion was removed)`, async () => {
      const r = validateAgainstSchema(sample(`memo-samples/official-v1.1/${name}`), 'memo-1.2');
      expect(r.valid).toBe(false);
      expect(r.errors.join()).toContain('memoSchVersion');
    });
  }
  for (const name of ['MeMo_Full_Example.xml', 'MeMo_Minimum_Example.xml', 'MeMo_NemSMS.xml', 'MeMo_with_attachment.xml']) {
    it(`1.2 ${name} validates against the derived 1.2 schema and not the 1.1 XSD`, async () => {
      const xml = sample(`memo-samples/python-serviceplatformen-v1.2/${name}`);
      expect(validateAgainstSchema(xml, 'memo-1.2')).toEqual({ valid: true, errors: [] });
      expect(validateAgainstSchema(xml, 'memo-1.1').valid).toBe(false);
    });
  }
  it('the hand-written ForsendelseI samples validate; a wrong letter class does not', async () => {
    for (const name of ['minimal-by-hand.xml', 'print-job-by-hand.xml'])
      expect(validateAgainstSchema(sample(`print-samples/${name}`), 'forsendelse-i').valid).toBe(true);
    const bad = sample('print-samples/print-job-by-hand.xml').toString('utf8').replace('>Economique<', '>A-post<');
    const r = validateAgainstSchema(bad, 'forsendelse-i');
    expect(r.valid).toBe(false);
    expect(r.errors.join()).toContain('PostKategoriKode');
  });
});
