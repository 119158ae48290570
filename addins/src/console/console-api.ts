/**
 * @module
 * The console's calls of the platform API, typed, over the panes' client (session cookie and
 * CSRF header). Only what the built sections use.
 */
import type { Recipient } from '@brevdue/shared';
import type { AuditEntry, AuditPage, AuditVerifyResult, LetterPage, LetterView, ShipmentView } from '@brevdue/shared/api';

export type { AuditEntry, AuditPage, AuditVerifyResult };
import type { BrevdueApi } from '../common/api-client.ts';

/** The most shipments `GET /v1/shipments` answers at once. */
export const SHIPMENTS_MAX = 200;

/** A batch run as `GET /v1/shipments` lists it. */
export interface ShipmentSummary {
  id: string;
  subject: string;
  status: string;
  review: boolean;
  channelPolicy: string;
  letters: number;
  createdAt: string;
}

/** Received post as `GET /v1/inbox` lists it (the sender's CPR masked). */
export interface InboxItem {
  id: string;
  receivedAt: string;
  sender: { idType: string; id: string; name: string | null };
  subject: string;
  contactPoint: string | null;
  assignedTo: { team: string | null; user: string | null } | null;
  status: 'unassigned' | 'assigned' | 'done';
  replyTo: { letterId: string; shipmentId: string } | null;
  documents: { id: string; filename: string; mediaType: string; bytes: number; role: string; readablePdf: boolean }[];
}

export interface InboxPage {
  items: InboxItem[];
  page: number;
  pageSize: number;
  total: number;
}

/** The inbox filters as the form holds them (empty = not set). */
export interface InboxFilters {
  status: '' | InboxItem['status'];
  text: string;
}

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

/** The error list's filters, as the form holds them (empty = not set; dates are local days). */
export interface FailedFilters {
  shipment: string;
  provider: string;
  reason: string;
  from: string;
  to: string;
}

export const NO_FAILED_FILTERS: FailedFilters = { shipment: '', provider: '', reason: '', from: '', to: '' };

/** The query of `GET /v1/letters?status=failed` for the filters (a local day's start and the next day's start as ISO moments). */
export function failedQuery(f: FailedFilters, limit: number, cursor?: string): string {
  const q = new URLSearchParams({ status: 'failed', limit: String(limit) });
  if (f.shipment.trim()) q.set('shipment', f.shipment.trim());
  if (f.provider) q.set('provider', f.provider);
  if (f.reason.trim()) q.set('reason', f.reason.trim());
  if (f.from) q.set('from', new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) q.set('to', new Date(new Date(`${f.to}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/** The console's API calls on one client. */
export class ConsoleApi {
  constructor(readonly api: BrevdueApi) {}

  /** How many failed letters not yet resent the caller sees, in all pages (the server's count, capped). */
  async failedCount(): Promise<{ n: number; exact: boolean }> {
    const page = await this.api.json<LetterPage>('GET', '/v1/letters?status=failed&limit=1');
    return { n: page.total, exact: page.totalExact };
  }

  /** One page of the error list, filtered on the server; `nextCursor` leads to the next page. */
  failedPage(filters: FailedFilters, limit: number, cursor?: string): Promise<LetterPage> {
    return this.api.json<LetterPage>('GET', `/v1/letters?${failedQuery(filters, limit, cursor)}`);
  }

  /** Cancels a failed letter: it is not sent again and leaves the error list. */
  cancelLetter(letterId: string): Promise<LetterView> {
    return this.api.json<LetterView>('POST', `/v1/letters/${encodeURIComponent(letterId)}/cancel`);
  }

  /** Resends a failed letter, to a corrected recipient when given; answers the new letter. */
  resend(letterId: string, recipient?: Recipient): Promise<LetterView> {
    return this.api.json<LetterView>('POST', `/v1/letters/${encodeURIComponent(letterId)}/resend`, recipient ? { recipient } : {});
  }

  /** Batch runs held for review (at most {@link SHIPMENTS_MAX}). */
  async heldShipments(): Promise<ShipmentSummary[]> {
    return (await this.api.json<{ shipments: ShipmentSummary[] }>('GET', `/v1/shipments?status=held&limit=${SHIPMENTS_MAX}`)).shipments;
  }

  /** A shipment with its letters. */
  shipment(id: string): Promise<ShipmentView> {
    return this.api.shipment(id);
  }

  /** Removes a letter (and its held copies) from a held batch run; it is never sent. */
  removeLetter(shipmentId: string, letterId: string): Promise<LetterView> {
    return this.api.json<LetterView>('DELETE', `/v1/shipments/${encodeURIComponent(shipmentId)}/letters/${encodeURIComponent(letterId)}`);
  }

  /** Releases a held batch run: its letters are sent (those the leak guard holds stay held). */
  release(shipmentId: string): Promise<ShipmentView> {
    return this.api.json<ShipmentView>('POST', `/v1/shipments/${encodeURIComponent(shipmentId)}/release`);
  }

  /** How many received messages wait to be distributed (the caller's scope). */
  async unassignedCount(): Promise<number> {
    return (await this.api.json<{ total: number }>('GET', '/v1/inbox?status=unassigned&pageSize=1')).total;
  }

  /** One page of received post, newest first. */
  inbox(f: InboxFilters, page: number, pageSize: number): Promise<InboxPage> {
    const q = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (f.status) q.set('status', f.status);
    if (f.text.trim()) q.set('text', f.text.trim());
    return this.api.json<InboxPage>('GET', `/v1/inbox?${q.toString()}`);
  }

  /** Assigns received post to a team and/or a user (a user id or sign-in name). */
  assign(id: string, to: { team?: string; user?: string }): Promise<InboxItem> {
    return this.api.json<InboxItem>('POST', `/v1/inbox/${encodeURIComponent(id)}/assign`, to);
  }

  /** Marks received post as dealt with. */
  markDone(id: string): Promise<InboxItem> {
    return this.api.json<InboxItem>('POST', `/v1/inbox/${encodeURIComponent(id)}/done`);
  }

  /** A received document exactly as received (served as an attachment, never rendered in our origin). */
  async inboxDocument(id: string, documentId: string): Promise<Blob> {
    const res = await fetch(`/v1/inbox/${encodeURIComponent(id)}/documents/${encodeURIComponent(documentId)}`, {
      credentials: 'same-origin',
    });
    if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
    return res.blob();
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
