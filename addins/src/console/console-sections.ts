/**
 * @module
 * The console's sections: their URL slug and which roles see them. A section is shown to the
 * roles that may call the API operation its work needs (platform/src/auth/policy.ts; the
 * browser test checks this table against it), so nobody is offered what the API would refuse.
 */

/** The platform's roles. */
export type Role = 'sender' | 'teamlead' | 'archivist' | 'auditor' | 'admin';

/** A section's id, which is also its slug under `/console/`. */
export type SectionId =
  'oversigt' | 'godkendelse' | 'fejl' | 'modtaget' | 'arkiv' | 'revisionslog' | 'statistik' | 'brugere' | 'indstillinger';

export interface Section {
  id: SectionId;
  /** The API operation (as in the policy table) that decides who sees the section. */
  operation: string;
  roles: readonly Role[];
}

const ALL: readonly Role[] = ['sender', 'teamlead', 'archivist', 'auditor', 'admin'];

/** In navigation order. */
export const SECTIONS: readonly Section[] = [
  { id: 'oversigt', operation: 'GET /v1/me', roles: ALL },
  { id: 'godkendelse', operation: 'POST /v1/shipments/{id}/release', roles: ['teamlead', 'admin'] },
  { id: 'fejl', operation: 'POST /v1/letters/{id}/resend', roles: ['sender', 'teamlead', 'admin'] },
  { id: 'modtaget', operation: 'GET /v1/inbox', roles: ALL },
  { id: 'arkiv', operation: 'GET /v1/archive/exports', roles: ['archivist', 'auditor', 'admin'] },
  { id: 'revisionslog', operation: 'GET /v1/audit', roles: ['auditor', 'admin'] },
  { id: 'statistik', operation: 'GET /v1/statistics', roles: ALL },
  { id: 'brugere', operation: 'GET /v1/users', roles: ['auditor', 'admin'] },
  { id: 'indstillinger', operation: 'GET /v1/plugins', roles: ['admin'] },
];

/** Whether someone with `roles` may use `section`. */
export function mayUse(section: Section, roles: readonly string[]): boolean {
  return section.roles.some((r) => roles.includes(r));
}

/** The sections shown to someone with `roles`. */
export function visibleSections(roles: readonly string[]): Section[] {
  return SECTIONS.filter((s) => mayUse(s, roles));
}

/** The section a `/console/...` path names: the overview for `/console`, undefined for an unknown slug. */
export function sectionOfPath(pathname: string): Section | undefined {
  const slug = pathname.replace(/^\/console\/?/, '').split('/')[0] ?? '';
  return slug === '' ? SECTIONS[0] : SECTIONS.find((s) => s.id === slug);
}

/** The URL of a section. */
export function sectionPath(id: SectionId): string {
  return `/console/${id}`;
}
