/**
 * @module
 * The console's calls of the platform API, typed, over the panes' client (session cookie and
 * CSRF header). Only what the built sections use.
 */
import type { Recipient } from '@brevdue/shared';
import type { AuditEntry, AuditPage, AuditVerifyResult, LetterView } from '@brevdue/shared/api';

export type { AuditEntry, AuditPage, AuditVerifyResult };
import type { BrevdueApi } from '../common/api-client.ts';

/** The most letters `GET /v1/letters` answers at once. */
export const LETTERS_MAX = 500;
/** The most shipments `GET /v1/shipments` answers at once. */
export const SHIPMENTS_MAX = 200;

/** The filters of `GET /v1/audit`, as the form holds them (empty = not set). */
export interface AuditFilters {
  actor: string;
  objectId: string;
  party: string;
  action: string;
  from: string;
  to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actor: '', objectId: '', party: '', action: '', from: '', to: '' };

/** The query string of the audit filters (dates as ISO moments, since the API takes ISO 8601). */
export function auditQuery(f: AuditFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of ['actor', 'objectId', 'party', 'action'] as const) if (f[k].trim()) q.set(k, f[k].trim());
  if (f.from) q.set('from', new Date(f.from).toISOString());
  if (f.to) q.set('to', new Date(f.to).toISOString());
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** The console's API calls on one client. */
export class ConsoleApi {
  constructor(readonly api: BrevdueApi) {}

  /** The error list: failed letters not yet resent, newest first (at most {@link LETTERS_MAX}). */
  async failedLetters(): Promise<LetterView[]> {
    return (await this.api.json<{ letters: LetterView[] }>('GET', `/v1/letters?status=failed&limit=${LETTERS_MAX}`)).letters;
  }

  /** Resends a failed letter, to a corrected recipient when given; answers the new letter. */
  resend(letterId: string, recipient?: Recipient): Promise<LetterView> {
    return this.api.json<LetterView>('POST', `/v1/letters/${encodeURIComponent(letterId)}/resend`, recipient ? { recipient } : {});
  }

  /** Batch runs held for review (at most {@link SHIPMENTS_MAX}). */
  async heldShipments(): Promise<unknown[]> {
    return (await this.api.json<{ shipments: unknown[] }>('GET', `/v1/shipments?status=held&limit=${SHIPMENTS_MAX}`)).shipments;
  }

  /** How many received messages wait to be distributed (the caller's scope). */
  async unassignedCount(): Promise<number> {
    return (await this.api.json<{ total: number }>('GET', '/v1/inbox?status=unassigned&pageSize=1')).total;
  }

  /** One page of the audit log. */
  audit(filters: AuditFilters, page: number, pageSize: number): Promise<AuditPage> {
    return this.api.json<AuditPage>('GET', `/v1/audit?${auditQuery(filters, { page: String(page), pageSize: String(pageSize) })}`);
  }

  /** Verifies the audit chain. */
  verifyAudit(): Promise<AuditVerifyResult> {
    return this.api.json<AuditVerifyResult>('GET', '/v1/archive/audit/verify');
  }
}
