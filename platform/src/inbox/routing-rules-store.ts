/**
 * @module
 * Each organisation's routing rules, stored as one JSON document (they are read together and
 * replaced together: `PUT /v1/inbox/routing-rules`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { routingRulesSchema, type RoutingRule } from './route-inbound.ts';

/**
 * The organisation's rules, in order; none when never set.
 * @example const rules = await loadRoutingRules(db, orgId);
 */
export async function loadRoutingRules(db: Kysely<Database>, orgId: string): Promise<RoutingRule[]> {
  const row = await db.selectFrom('inbox_routing_rules').select('rules').where('organisation_id', '=', orgId).executeTakeFirst();
  if (!row) return [];
  // Stored rules passed the schema when saved; parse again so a hand-edited row cannot route wrongly.
  const parsed = routingRulesSchema.safeParse({ rules: row.rules });
  return parsed.success ? parsed.data.rules : [];
}

/**
 * Replaces the organisation's rules (validated by the caller with `routingRulesSchema`).
 * @example await saveRoutingRules(db, orgId, [{ match: { kle: '28.12.08' }, assignTo: { team: 'Børn' } }]);
 */
export async function saveRoutingRules(db: Kysely<Database>, orgId: string, rules: RoutingRule[]): Promise<void> {
  await db
    .insertInto('inbox_routing_rules')
    .values({ organisation_id: orgId, rules: JSON.stringify(rules), updated_at: new Date() })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ rules: JSON.stringify(rules), updated_at: new Date() }))
    .execute();
}
