/**
 * @module
 * Turns the claims of a verified token (Entra-shaped: `oid`, `tid`, `preferred_username`, `name`,
 * `roles`, `groups`) into the Brevdue identity the platform provisions users from.
 */
import { IdentityError } from './identity-error.ts';
import { BREVDUE_ROLES, type BrevdueRole, type ClaimMapping } from './oidc-config.ts';

/** Who signed in, as Brevdue sees it. */
export interface MappedIdentity {
  /** User principal name / e-mail, lower-case: the key `users` are provisioned by. */
  upn: string;
  name: string;
  /** Brevdue roles in `BREVDUE_ROLES` order, without duplicates; may be empty (see `no_role`). */
  roles: BrevdueRole[];
  teams: string[];
  /** Tenant id (`tid`), when the provider has tenants. */
  tenant: string | undefined;
  /** Stable id of the person at the provider: Entra's `oid` (`sub` is per app there), else `sub`. */
  subject: string;
  /**
   * Entra leaves `groups` out when a user has more than the token's limit (about 200 groups) and
   * points to Graph instead; the group-based roles and teams are then missing, not empty.
   */
  groupsOverage: boolean;
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value ? [value] : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Maps token claims to a Brevdue identity by the configured claim mapping.
 * @example
 * const who = mapClaims(claims, config.identity.claimMapping);
 * if (who.roles.length === 0) throw new IdentityError('no_role');
 * @throws IdentityError `claim_missing` when neither `oid` nor `sub`, or no user name claim is present.
 */
export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping): MappedIdentity {
  const subject = text(claims.oid) ?? text(claims.sub);
  if (!subject) throw new IdentityError('claim_missing', 'neither oid nor sub in the token');
  const upn = (text(claims.preferred_username) ?? text(claims.upn) ?? text(claims.email))?.toLowerCase();
  if (!upn) throw new IdentityError('claim_missing', 'none of preferred_username, upn, email in the token');

  const roles = new Set<BrevdueRole>();
  const teams = new Set<string>();
  for (const value of strings(claims[mapping.roleClaim])) {
    // Own property only: an app role named "constructor" must not reach Object.prototype.
    if (Object.hasOwn(mapping.appRoles, value)) roles.add(mapping.appRoles[value]!);
  }
  for (const id of strings(claims[mapping.groupClaim])) {
    if (!Object.hasOwn(mapping.groups, id)) continue;
    const group = mapping.groups[id]!;
    group.roles.forEach((r) => roles.add(r));
    group.teams.forEach((t) => teams.add(t));
  }
  const claimNames = claims._claim_names;
  const groupsOverage = typeof claimNames === 'object' && claimNames !== null && Object.hasOwn(claimNames, mapping.groupClaim);

  return {
    upn,
    name: text(claims.name) ?? upn,
    roles: BREVDUE_ROLES.filter((r) => roles.has(r)),
    teams: [...teams].sort(),
    tenant: text(claims.tid),
    subject,
    groupsOverage,
  };
}
