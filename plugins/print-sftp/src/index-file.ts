/**
 * @module
 * The batch's index file in the vendor's format: XML (one element per letter, one child per
 * field) or CSV (one row per letter), with the fields in the profile's order. When the profile
 * names the vendor's XSD, every XML index is validated against it before it is dropped.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createXsdValidator, type XsdValidator } from '@brevdue/shared/xml';
import { fieldValue, type LetterRecord } from './letter-record.ts';
import type { VendorProfile } from './vendor-profile.ts';

const xmlEscape = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry C0 control characters other than tab and line breaks.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** A CSV cell, quoted when it holds the separator, a quote or a line break (RFC 4180). */
function csvCell(s: string, sep: string): string {
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Renders the index of a batch.
 * @example const body = renderIndex(profile, 'b1', records); // Buffer, UTF-8
 */
export function renderIndex(profile: VendorProfile, batchId: string, records: readonly LetterRecord[]): Buffer {
  const { index } = profile;
  if (index.format === 'csv') {
    const sep = index.csv.separator;
    const rows = records.map((r) => index.fields.map((f) => csvCell(fieldValue(profile, r, f.field, batchId), sep)).join(sep));
    if (index.csv.header) rows.unshift(index.fields.map((f) => csvCell(f.name, sep)).join(sep));
    return Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
  }
  const { root, letter, namespace } = index.xml;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<${root}${namespace ? ` xmlns="${xmlEscape(namespace)}"` : ''} batchId="${xmlEscape(batchId)}" count="${records.length}">`,
  ];
  for (const r of records) {
    out.push(`  <${letter}>`);
    for (const f of index.fields) out.push(`    <${f.name}>${xmlEscape(fieldValue(profile, r, f.field, batchId))}</${f.name}>`);
    out.push(`  </${letter}>`);
  }
  out.push(`</${root}>`, '');
  return Buffer.from(out.join('\n'), 'utf8');
}

/**
 * The validator for the profile's index XSD, or undefined when it names none.
 * @throws Error naming `profile.index.xml.schemaFile` when the file cannot be read or compiled.
 */
export function indexValidator(profile: VendorProfile & { baseDir: string }): XsdValidator | undefined {
  const file = profile.index.format === 'xml' ? profile.index.xml.schemaFile : undefined;
  if (!file) return undefined;
  const path = resolve(profile.baseDir, file);
  try {
    return createXsdValidator({ files: { [basename(path)]: readFileSync(path) }, root: basename(path) });
  } catch (e) {
    throw new Error(`profile.index.xml.schemaFile: ${path} cannot be used as an XSD (${(e as Error).message.slice(0, 160)})`, { cause: e });
  }
}
