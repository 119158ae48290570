/**
 * @module
 * Retention rules per organisation and document kind: keep a kind N years after the case's last
 * activity. Kind `*` is the organisation's default for kinds without a rule of their own.
 * Without any rule, nothing is ever deleted.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface RetentionRule {
  /** A document kind (`letter`, `attachment`, `receipt`, `provider-receipt`, `wire-message`, ...) or `*`. */
  documentKind: string;
  keepYears: number;
  after: 'last_activity';
}

/** The organisation's rules, by kind. */
export async function getRetentionRules(db: Kysely<Database>, organisationId: string): Promise<RetentionRule[]> {
  const rows = await db
    .selectFrom('retention_rules')
    .select(['document_kind', 'keep_years', 'after'])
    .where('organisation_id', '=', organisationId)
    .orderBy('document_kind')
    .execute();
  return rows.map((r) => ({ documentKind: r.document_kind, keepYears: r.keep_years, after: 'last_activity' as const }));
}

/** Replaces the organisation's rules with `rules` (one transaction). */
export async function setRetentionRules(db: Kysely<Database>, organisationId: string, rules: RetentionRule[]): Promise<RetentionRule[]> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('retention_rules').where('organisation_id', '=', organisationId).execute();
    if (rules.length > 0) {
      await trx
        .insertInto('retention_rules')
        .values(
          rules.map((r) => ({
            organisation_id: organisationId,
            document_kind: r.documentKind,
            keep_years: r.keepYears,
            after: r.after,
            updated_at: sql`now()`,
          })),
        )
        .execute();
    }
  });
  return getRetentionRules(db, organisationId);
}
