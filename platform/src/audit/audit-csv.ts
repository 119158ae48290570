/**
 * @module
 * The audit export as CSV: every entry a query matches, streamed in batches (memory stays flat),
 * RFC 4180 quoting, and safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return is prefixed with `'` so it is never run as a formula.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type AuditItem, type AuditQuery, auditFilter, auditItem } from './search-audit.ts';
import { type Locale, auditMessages } from './messages.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: formula-safe, and quoted when it holds a comma, quote or line break (RFC 4180).
 * @example csvCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 says. */
export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function cellsOf(i: AuditItem): unknown[] {
  return [
    i.id,
    i.at,
    i.actor,
    i.actorName,
    i.action,
    i.subjectType,
    i.subjectId,
    i.party?.idType,
    i.party?.id,
    i.sourceAddress,
    i.documentSha256,
    i.details,
  ];
}

/**
 * The CSV text of an organisation's entries that match `q`, newest first, as chunks: the header
 * (with a UTF-8 byte order mark, so spreadsheets read æ, ø, å), then one chunk per batch.
 * @example
 * for await (const chunk of auditCsv(db, orgId, { action: 'letter.' })) out.write(chunk);
 */
export async function* auditCsv(
  db: Kysely<Database>,
  organisationId: string,
  q: AuditQuery,
  opts: { locale?: Locale; batch?: number } = {},
): AsyncGenerator<string> {
  yield `\uFEFF${csvRow(auditMessages(opts.locale).csvHeader)}`;
  const where = auditFilter(organisationId, q);
  const batch = opts.batch ?? 1000;
  let before: number | null = null;
  for (;;) {
    let sel = db.selectFrom('audit_log').selectAll().where(where).orderBy('id', 'desc').limit(batch);
    // Keyset paging: entries written during the export do not shift the pages.
    if (before !== null) sel = sel.where('id', '<', String(before));
    const rows = await sel.execute();
    if (rows.length === 0) return;
    yield rows.map((r) => csvRow(cellsOf(auditItem(r)))).join('');
    before = Number(rows[rows.length - 1]!.id);
    if (rows.length < batch) return;
  }
}
