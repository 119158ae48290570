/**
 * @module
 * What each role may do in Arkiv, by the API operation it needs (as in the platform's policy
 * table; the browser test checks this against it). An action a role may not take is not shown.
 */
import { useConsole } from './console-context.ts';

/** Arkiv's actions beyond reading, each with the operation and the roles the policy allows. */
export const ARCHIVE_ACTIONS = {
  exportWrite: { operation: 'POST /v1/archive/exports', roles: ['archivist', 'admin'] },
  legalHold: { operation: 'POST /v1/archive/cases/{id}/legal-hold', roles: ['archivist', 'admin'] },
  recordHold: { operation: 'POST /v1/archive/records/{id}/legal-hold', roles: ['archivist', 'admin'] },
  retentionWrite: { operation: 'PUT /v1/archive/retention-rules', roles: ['archivist', 'admin'] },
  retentionDryRun: { operation: 'POST /v1/archive/retention/run', roles: ['archivist', 'admin'] },
  insight: { operation: 'GET /v1/archive/insight', roles: ['archivist', 'admin'] },
  settingsRead: { operation: 'GET /v1/archive/settings', roles: ['archivist', 'auditor', 'admin'] },
  settingsWrite: { operation: 'PUT /v1/archive/settings', roles: ['archivist', 'admin'] },
} as const satisfies Record<string, { operation: string; roles: readonly string[] }>;

export type ArchiveAction = keyof typeof ARCHIVE_ACTIONS;

/** Whether the signed-in user may take `action`. */
export function useMay(): (action: ArchiveAction) => boolean {
  const { roles } = useConsole();
  return (action) => ARCHIVE_ACTIONS[action].roles.some((r) => roles.includes(r));
}
