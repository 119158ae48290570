/**
 * @module
 * Archive search: by party (CPR/CVR), case, letter, name, subject words, date range, status, channel and sender,
 * paged, newest first, always within one organisation. Used by the API and the CLI.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type ArchiveRecordDto, loadRecordDtos } from './record-dto.ts';

export interface ArchiveQuery {
  /** CPR, CVR, FNR or ORGNR; dashes and spaces are ignored. */
  party?: string;
  /** Part of the party's name. */
  name?: string;
  /** Words that must all occur in the subject (case-insensitive). */
  subject?: string;
  /** From this time (inclusive). */
  from?: Date;
  /** Up to this time (exclusive). */
  to?: Date;
  /** Letter status, e.g. `delivered_digital`, `failed`. */
  status?: string;
  /** `user:<id>` / `token:<id>`, or part of the sender's name. */
  sender?: string;
  direction?: 'outgoing' | 'incoming';
  /** `digital`, `print` or `sms`. */
  channel?: string;
  caseId?: string;
  /** The records of these letters (a copy's letter also has its record in the original recipient's case). */
  letterId?: string[];
  /** 1-based. */
  page?: number;
  /** 1–200, default 50. */
  pageSize?: number;
}

/** Who is asking: senders and team leads see only the records of letters they or their teams sent. */
export interface ArchiveScope {
  organisationId: string;
  /** Set for `sender` and `teamlead`: outgoing records with this sender, or of their teams' shipments. */
  senderRef?: string;
  /** With `senderRef`: the caller's teams, whose letters' records they see too. */
  teams?: readonly string[];
}

/**
 * The records `scope` sees, as a condition on `archive_records` under `alias`: all of the
 * organisation's for the archive roles; for senders and team leads the outgoing records they
 * sent or whose letter belongs to a shipment of their teams, as the letters API answers them
 * (auth/ownership.ts). The organisation is the caller's own condition.
 * @example db.selectFrom('archive_records as r').where(recordInScope(scope, 'r'))
 */
export function recordInScope(scope: ArchiveScope, alias: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  if (scope.senderRef === undefined) return sql<boolean>`true`;
  const team = scope.teams?.length
    ? sql<boolean>`exists (select 1 from letters l join shipments s on s.id = l.shipment_id
        where l.id = ${col('letter_id')} and s.team = any(${[...scope.teams]}::text[]))`
    : sql<boolean>`false`;
  return sql<boolean>`(${col('direction')} = 'outgoing' and (${col('sender_ref')} = ${scope.senderRef} or ${team}))`;
}

export interface ArchivePage {
  items: ArchiveRecordDto[];
  page: number;
  pageSize: number;
  /** Matching records, counted up to `TOTAL_CAP`. */
  total: number;
  /** False when more than `TOTAL_CAP` match (then `total` is the cap): narrow the search. */
  totalExact: boolean;
}

/** Counting stops here: an exact count of a broad search over a large archive costs more than the page itself. */
export const TOTAL_CAP = 10_000;

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * Searches the archive of one organisation.
 * @example await searchArchive(db, { organisationId }, { party: '010190-4321', pageSize: 20 })
 */
export async function searchArchive(db: Kysely<Database>, scope: ArchiveScope, query: ArchiveQuery): Promise<ArchivePage> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)));
  let q = db
    .selectFrom('archive_records as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .where('r.organisation_id', '=', scope.organisationId);
  if (scope.senderRef !== undefined) q = q.where(recordInScope(scope, 'r'));
  if (query.party) {
    q = q.where('c.organisation_id', '=', scope.organisationId).where('c.party_id', '=', query.party.replace(/[\s-]/g, ''));
  }
  if (query.name) q = q.where('c.party_name', 'ilike', `%${likeEscape(query.name.trim())}%`);
  if (query.subject) {
    for (const word of query.subject.trim().split(/\s+/).filter(Boolean)) q = q.where('r.subject', 'ilike', `%${likeEscape(word)}%`);
  }
  if (query.from) q = q.where('r.occurred_at', '>=', query.from);
  if (query.to) q = q.where('r.occurred_at', '<', query.to);
  if (query.status) q = q.where('r.status', '=', query.status);
  if (query.direction) q = q.where('r.direction', '=', query.direction);
  if (query.channel) q = q.where('r.channel', '=', query.channel);
  if (query.caseId) q = q.where('r.case_id', '=', query.caseId);
  // An empty list asks for no letter's records: nothing, not everything.
  if (query.letterId) q = query.letterId.length ? q.where('r.letter_id', 'in', query.letterId) : q.where(sql<boolean>`false`);
  if (query.sender) {
    const s = query.sender.trim();
    q =
      /^(user|token):/.test(s) || s === 'system'
        ? q.where('r.sender_ref', '=', s)
        : q.where('r.sender_name', 'ilike', `%${likeEscape(s)}%`);
  }
  const [rows, count] = await Promise.all([
    q
      .select('r.id')
      .orderBy('r.occurred_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom(
        q
          .select(sql`1`.as('x'))
          .limit(TOTAL_CAP + 1)
          .as('m'),
      )
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const items = await loadRecordDtos(
    db,
    scope.organisationId,
    rows.map((r) => r.id),
  );
  const n = Number(count.n);
  return { items, page, pageSize, total: Math.min(n, TOTAL_CAP), totalExact: n <= TOTAL_CAP };
}
