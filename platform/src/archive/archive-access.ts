/**
 * @module
 * Who may do what in the archive, and whose records a caller sees.
 *
 * - `sender`, `teamlead`: only the records of letters they sent themselves (matched on their user, or on
 *   the token when it has no user) or their teams sent, outgoing only; read-only — the letters the
 *   letters API shows them (auth/ownership.ts), without the rest of the parties' cases.
 * - `archivist`: the whole archive of their organisation; exports, retention, legal hold, insight,
 *   the receipts' language.
 * - `auditor`: the whole archive read-only, the export status, retention rules, settings, the audit chain.
 * - `admin`: everything.
 * Every query is scoped to the caller's organisation: another organisation's ids answer 404.
 */
import { ApiError } from '../http/api-error.ts';
import type { AuthInfo } from '../http/app-env.ts';
import type { Role } from '../db/schema.ts';
import { seesWholeOrganisation } from '../auth/ownership.ts';
import type { ArchiveScope } from './search-archive.ts';
import { archiveMessages as M } from './messages.ts';

export const ARCHIVE_PERMISSIONS = {
  read: ['sender', 'teamlead', 'admin', 'archivist', 'auditor'],
  exportWrite: ['admin', 'archivist'],
  exportRead: ['admin', 'archivist', 'auditor'],
  retentionRead: ['admin', 'archivist', 'auditor'],
  retentionWrite: ['admin', 'archivist'],
  settingsRead: ['admin', 'archivist', 'auditor'],
  settingsWrite: ['admin', 'archivist'],
  legalHold: ['admin', 'archivist'],
  insight: ['admin', 'archivist'],
  auditVerify: ['admin', 'auditor', 'archivist'],
  // Answered a party's whole CPR number (the others get it masked): see party-disclosure.ts.
  fullParty: ['admin', 'archivist'],
} as const satisfies Record<string, readonly Role[]>;

export type ArchivePermission = keyof typeof ARCHIVE_PERMISSIONS;

/** @throws ApiError 403 naming the role when it lacks the permission. */
export function requirePermission(auth: AuthInfo, permission: ArchivePermission): void {
  const allowed: readonly Role[] = ARCHIVE_PERMISSIONS[permission];
  if (!auth.roles.some((r) => allowed.includes(r))) throw new ApiError(403, 'forbidden', M.forbidden(auth.roles.join(', ')));
}

/** The caller's sender reference, as archive records store it. */
export function senderRefOf(auth: AuthInfo): string {
  return auth.userId ? `user:${auth.userId}` : `token:${auth.tokenId}`;
}

/** The caller's view of the archive: their organisation, and for senders and team leads their own and their teams' records. */
export function scopeOf(auth: AuthInfo): ArchiveScope {
  return seesWholeOrganisation(auth)
    ? { organisationId: auth.organisationId }
    : { organisationId: auth.organisationId, senderRef: senderRefOf(auth), teams: auth.teams };
}

/** The audit actor of a request. */
export function actorOf(auth: AuthInfo): string {
  return auth.actor;
}
