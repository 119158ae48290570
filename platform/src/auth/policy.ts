/**
 * @module
 * Who may call what: every API operation (method and path as `/openapi.json` lists them) with
 * the roles that may call it. `authorize` enforces it for every request under `/v1`; an
 * operation missing here is refused to everyone. What a caller may *see* within an operation
 * (their own shipments, their team's, the whole organisation's) is `ownership.ts`.
 *
 * - `sender`: sends, and sees and acts on the shipments they or their team created.
 * - `teamlead`: as a sender, and approves batch runs and fixes failed letters of the team.
 * - `archivist`: reads everything, works the archive (exports, retention, legal hold, insight).
 * - `auditor`: reads everything and the audit log; changes nothing.
 * - `admin`: everything, including users, tokens and webhooks.
 */
import type { Role } from '../db/schema.ts';

const ALL: readonly Role[] = ['sender', 'teamlead', 'archivist', 'auditor', 'admin'];
const SENDERS: readonly Role[] = ['sender', 'teamlead', 'admin'];
const LEADS: readonly Role[] = ['teamlead', 'admin'];
const READERS = ALL;
const ARCHIVE_WORK: readonly Role[] = ['archivist', 'admin'];
const ARCHIVE_READ: readonly Role[] = ['archivist', 'auditor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const AUDIT: readonly Role[] = ['auditor', 'admin'];
// Received post: everyone reads, but senders only what is assigned to them or their teams, team
// leads also the distribution queue (inbox/inbox-access.ts). Team leads distribute; whoever has
// a message may close it.
const INBOX_READ: readonly Role[] = ALL;
const INBOX_WORK: readonly Role[] = ['sender', 'teamlead', 'admin'];

/** Operation (`METHOD /path`) → roles that may call it. */
export const POLICY: Readonly<Record<string, readonly Role[]>> = {
  'GET /v1/me': ALL,

  'POST /v1/documents': SENDERS,
  'POST /v1/documents/from-email': SENDERS,
  'GET /v1/documents/{id}': READERS,
  'GET /v1/documents/{id}/content': READERS,
  'POST /v1/documents/{id}/recipients': SENDERS,
  // Who may upload documents may split them; whoever sees the document sees the split.
  'POST /v1/documents/{id}/split': SENDERS,
  'GET /v1/splits/{id}': READERS,

  'POST /v1/shipments/preview': SENDERS,
  'POST /v1/shipments': SENDERS,
  'GET /v1/shipments': READERS,
  'GET /v1/shipments/{id}': READERS,
  'GET /v1/shipments/{id}/events': READERS,
  'POST /v1/shipments/{id}/events/ticket': READERS,
  'POST /v1/shipments/{id}/release': LEADS,
  'DELETE /v1/shipments/{id}/letters/{letterId}': LEADS,

  'GET /v1/letters': READERS,
  'GET /v1/letters/{id}': READERS,
  'GET /v1/letters/{id}/events': READERS,
  'GET /v1/letters/{id}/message': READERS,
  'GET /v1/letters/{id}/receipt': READERS,
  'POST /v1/letters/{id}/resend': SENDERS,
  // Who may resend a failed letter may instead decide it is not sent again.
  'POST /v1/letters/{id}/cancel': SENDERS,

  'GET /v1/recipients/lookup': SENDERS,
  'GET /v1/recipients/production-units': SENDERS,

  'GET /v1/webhooks': ADMIN,
  'POST /v1/webhooks': ADMIN,
  'DELETE /v1/webhooks/{id}': ADMIN,

  'GET /v1/tokens': ADMIN,
  'POST /v1/tokens': ADMIN,
  'DELETE /v1/tokens/{id}': ADMIN,

  // Installed plugins and whether their config holds (never a config value).
  'GET /v1/plugins': ADMIN,

  'GET /v1/users': ['auditor', 'admin'],
  'POST /v1/users': ADMIN,
  'PATCH /v1/users/{id}': ADMIN,

  'GET /v1/archive/records': READERS,
  'GET /v1/archive/records/{id}': READERS,
  'GET /v1/archive/documents/{id}/content': READERS,
  'GET /v1/archive/cases/{id}': READERS,
  'POST /v1/archive/cases/{id}/legal-hold': ARCHIVE_WORK,
  'POST /v1/archive/records/{id}/legal-hold': ARCHIVE_WORK,
  'POST /v1/archive/exports': ARCHIVE_WORK,
  'GET /v1/archive/exports': ARCHIVE_READ,
  'GET /v1/archive/targets': ARCHIVE_READ,
  'GET /v1/archive/retention-rules': ARCHIVE_READ,
  'PUT /v1/archive/retention-rules': ARCHIVE_WORK,
  'POST /v1/archive/retention/run': ARCHIVE_WORK,
  'GET /v1/archive/settings': ARCHIVE_READ,
  'PUT /v1/archive/settings': ARCHIVE_WORK,
  'GET /v1/archive/insight': ARCHIVE_WORK,
  'GET /v1/archive/audit/verify': ARCHIVE_READ,

  'GET /v1/audit': AUDIT,

  // Counts of what the caller sees (their own, their team's, or the organisation's letters and post).
  'GET /v1/statistics': ALL,

  'GET /v1/inbox': INBOX_READ,
  'GET /v1/inbox/{id}': INBOX_READ,
  'GET /v1/inbox/{id}/documents': INBOX_READ,
  'GET /v1/inbox/{id}/documents/{documentId}': INBOX_READ,
  'POST /v1/inbox/{id}/assign': LEADS,
  'POST /v1/inbox/{id}/done': INBOX_WORK,
  'POST /v1/inbox/events/ticket': INBOX_READ,
  'GET /v1/inbox/events': INBOX_READ,
  'GET /v1/inbox/routing-rules': LEADS,
  'PUT /v1/inbox/routing-rules': ADMIN,
};

/** Whether any of `roles` may call `operation` (false for an operation the table lacks). */
export function mayCall(operation: string, roles: readonly Role[]): boolean {
  const allowed = POLICY[operation];
  return allowed !== undefined && roles.some((r) => allowed.includes(r));
}
