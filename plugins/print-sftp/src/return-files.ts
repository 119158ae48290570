/**
 * @module
 * The vendor's return files (receipts, errors, returned mail): CSV records of letter events,
 * read with the profile's columns and status words.
 */
import type { ReturnStatus, VendorProfile } from './vendor-profile.ts';

/** One event the vendor reports about a letter. */
export interface ReturnRecord {
  messageId: string;
  status: ReturnStatus;
  /** The vendor's word for the status, as written. */
  vendorStatus: string;
  reason: string;
  at: Date;
  /** The record's line, exactly as in the file (kept as the letter's proof). */
  line: string;
  file: string;
}

/** Splits CSV text into rows of cells (RFC 4180 quoting), keeping each row's source text. */
export function parseCsv(text: string, sep: string): Array<{ cells: string[]; line: string }> {
  const rows: Array<{ cells: string[]; line: string }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else if (c !== undefined) cell += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === sep) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r' || c === undefined) {
      const line = text.slice(start, i);
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x !== '')) rows.push({ cells, line });
      cells = [];
      cell = '';
      start = i + 1;
    } else cell += c;
  }
  return rows;
}

/**
 * Reads one return file. Rows whose status word the profile does not know, or without a message
 * id, are skipped and counted, so a vendor adding a status does not stop the others.
 * @example const { records, skipped } = readReturnFile(profile, 'receipt_1.csv', text);
 */
export function readReturnFile(profile: VendorProfile, file: string, text: string): { records: ReturnRecord[]; skipped: number } {
  const r = profile.returns;
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), r.separator);
  const header = rows.shift()?.cells.map((h) => h.trim()) ?? [];
  const col = (name: string) => header.indexOf(name);
  const idx = { messageId: col(r.columns.messageId), status: col(r.columns.status), reason: col(r.columns.reason), at: col(r.columns.at) };
  const records: ReturnRecord[] = [];
  let skipped = 0;
  for (const row of rows) {
    const messageId = row.cells[idx.messageId]?.trim() ?? '';
    const vendorStatus = row.cells[idx.status]?.trim() ?? '';
    const status = r.statuses[vendorStatus];
    const at = new Date(row.cells[idx.at]?.trim() ?? '');
    if (!messageId || !status || Number.isNaN(at.getTime())) {
      skipped++;
      continue;
    }
    records.push({ messageId, status, vendorStatus, reason: row.cells[idx.reason]?.trim() ?? '', at, line: row.line, file });
  }
  return { records, skipped };
}
