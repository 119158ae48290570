/**
 * @module
 * The audit screen's query: one organisation's entries, newest first, by actor, object, party,
 * action (or action prefix) and time, paged. The party is stored masked, so a party searched
 * for is masked the same way and matched on the masked form.
 */
import type { AuditEntry, AuditPage } from '@brevdue/shared/api';
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import { maskId } from '@brevdue/shared';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { AuditError } from './audit-error.ts';
import { auditMessages } from './messages.ts';

export interface AuditQuery {
  /** `user:<uuid>`, `token:<uuid>`, `system`, `cli`: exact. */
  actor?: string;
  /** The object's id (`subject_id`): exact. */
  objectId?: string;
  /** The party's CPR/FNR/CVR/ORGNR in full (or already masked): matched on the masked form. */
  party?: string;
  /** `letter.message.read` exactly, `letter` for it and everything under it, `letter.` for everything under it. */
  action?: string;
  /** From this moment, inclusive. */
  from?: Date;
  /** Up to this moment, exclusive. */
  to?: Date;
}

/** One entry as the audit screen and the export show it (the party masked). */
export type AuditItem = AuditEntry;
export type { AuditPage };

/** The largest page `searchAudit` serves. */
export const AUDIT_MAX_PAGE_SIZE = 500;

/** The masked forms a searched party may be stored under (its type is not given: every type's masking of it). */
export function partyForms(party: string): string[] {
  const raw = party.trim();
  const compact = raw.replace(/[\s-]/g, '');
  const forms = new Set([raw, compact]);
  if (/^\d{10}$/.test(compact)) forms.add(maskId('CPR', compact));
  if (/^\d{11}$/.test(compact)) forms.add(maskId('FNR', compact));
  // Already masked: `010190-XXXX` is stored as it is given.
  if (/^\d{6}X{4,5}$/i.test(compact)) forms.add(`${compact.slice(0, 6)}-${compact.slice(6).toUpperCase()}`);
  return [...forms].filter(Boolean);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The filter of a query, for the page query, the count and the export alike. */
export function auditFilter(organisationId: string, q: AuditQuery) {
  return (eb: ExpressionBuilder<Database, 'audit_log'>): Expression<SqlBool> => {
    const and: Expression<SqlBool>[] = [eb('organisation_id', '=', organisationId)];
    if (q.actor) and.push(eb('actor', '=', q.actor));
    if (q.objectId) and.push(eb('subject_id', '=', q.objectId));
    if (q.party) and.push(eb('party', 'in', partyForms(q.party)));
    if (q.action) {
      const a = q.action.trim();
      if (a.endsWith('.')) and.push(eb('action', 'like', `${escapeLike(a)}%`));
      else and.push(eb.or([eb('action', '=', a), eb('action', 'like', `${escapeLike(a)}.%`)]));
    }
    if (q.from) and.push(eb('created_at', '>=', q.from));
    if (q.to) and.push(eb('created_at', '<', q.to));
    return eb.and(and);
  };
}

/** An audit row as the screen shows it. */
export function auditItem(r: Selectable<AuditLogTable>): AuditItem {
  return {
    id: Number(r.id),
    at: new Date(r.created_at).toISOString(),
    actor: r.actor,
    actorName: r.actor_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    party: r.party !== null && r.party_id_type !== null ? { idType: r.party_id_type, id: r.party } : null,
    sourceAddress: r.source_address,
    documentSha256: r.document_sha256,
    details: r.details,
  };
}

function checkQuery(q: AuditQuery & { page?: number; pageSize?: number }): void {
  const M = auditMessages();
  if (q.page !== undefined && (!Number.isInteger(q.page) || q.page < 1)) throw new AuditError('page', M.pageNumber);
  if (q.pageSize !== undefined && (!Number.isInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > AUDIT_MAX_PAGE_SIZE)) {
    throw new AuditError('pageSize', M.pageSizeRange(AUDIT_MAX_PAGE_SIZE));
  }
  for (const f of ['from', 'to'] as const) {
    const d = q[f];
    if (d !== undefined && Number.isNaN(d.getTime())) throw new AuditError(f, M.notDate);
  }
}

/**
 * One page of an organisation's audit entries, newest first, with the total that match.
 * @example await searchAudit(db, orgId, { party: '0101904321', action: 'letter.', page: 1, pageSize: 50 })
 * @throws AuditError naming `page`, `pageSize`, `from` or `to` when out of range.
 */
export async function searchAudit(
  db: Kysely<Database>,
  organisationId: string,
  q: AuditQuery & { page?: number; pageSize?: number },
): Promise<AuditPage> {
  checkQuery(q);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const where = auditFilter(organisationId, q);
  const [rows, count] = await Promise.all([
    db
      .selectFrom('audit_log')
      .selectAll()
      .where(where)
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where(where)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(auditItem), page, pageSize, total: Number(count.n) };
}
