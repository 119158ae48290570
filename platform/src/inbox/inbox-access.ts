/**
 * @module
 * Whose received post a caller sees (the policy table says which operations they may call).
 *
 * - `admin`, `archivist`, `auditor`: the organisation's whole inbox.
 * - `teamlead`: the distribution queue (unassigned post, which they distribute) and what is
 *   assigned to their teams or to them.
 * - `sender`: only what is assigned to their teams or to them.
 * Every query is scoped to the caller's organisation: another organisation's ids answer 404.
 */
import { type RawBuilder, sql } from 'kysely';
import type { AuthInfo } from '../http/app-env.ts';
import { seesWholeOrganisation } from '../auth/ownership.ts';

/** The part of the inbox one caller sees. */
export interface InboxScope {
  organisationId: string;
  /** Sees every message of the organisation. */
  whole: boolean;
  /** Sees the distribution queue (unassigned messages). */
  queue: boolean;
  teams: readonly string[];
  /** What `assigned_user` holds for this caller: their user id (and the audit actor form). */
  userRefs: readonly string[];
}

/** The caller's view of the inbox. */
export function inboxScopeOf(auth: AuthInfo): InboxScope {
  const refs = auth.userId ? [auth.userId, `user:${auth.userId}`] : auth.tokenId ? [`token:${auth.tokenId}`] : [];
  return {
    organisationId: auth.organisationId,
    whole: seesWholeOrganisation(auth),
    queue: auth.roles.includes('teamlead'),
    teams: auth.teams,
    userRefs: refs,
  };
}

/** The whole inbox of one organisation (the platform's own work: receiving, CLI, tests). */
export function organisationScope(organisationId: string): InboxScope {
  return { organisationId, whole: true, queue: false, teams: [], userRefs: [] };
}

/**
 * A where-condition on `inbound_messages` (or an alias): the organisation, and for senders and
 * team leads their part of it.
 * @example db.selectFrom('inbound_messages').selectAll().where(visibleTo(scope))
 */
export function visibleTo(scope: InboxScope, alias = 'inbound_messages'): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const org = sql<boolean>`${col('organisation_id')} = ${scope.organisationId}`;
  if (scope.whole) return org;
  const mine = [
    ...(scope.teams.length > 0 ? [sql<boolean>`${col('assigned_team')} = any(${[...scope.teams]}::text[])`] : []),
    ...(scope.userRefs.length > 0 ? [sql<boolean>`${col('assigned_user')} = any(${[...scope.userRefs]}::text[])`] : []),
    ...(scope.queue ? [sql<boolean>`${col('status')} = 'unassigned'`] : []),
  ];
  return mine.length > 0 ? sql<boolean>`(${org} and (${sql.join(mine, sql` or `)}))` : sql<boolean>`false`;
}

type Placement = { status: string; team: string | null; user: string | null };

/**
 * The same rule for a change seen on the event stream (no query: the change carries where the
 * message is, and where it was — a team lead is told that post left the queue).
 */
export function seesChange(scope: InboxScope, ch: Placement & { organisationId: string; was?: Placement }): boolean {
  if (ch.organisationId !== scope.organisationId) return false;
  if (scope.whole) return true;
  const sees = (p: Placement) =>
    (scope.queue && p.status === 'unassigned') ||
    (p.team !== null && scope.teams.includes(p.team)) ||
    (p.user !== null && scope.userRefs.includes(p.user));
  return sees(ch) || (ch.was !== undefined && sees(ch.was));
}
