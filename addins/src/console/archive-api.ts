/**
 * @module
 * Arkiv's calls of the archive API (`/v1/archive`), typed by the shared answer schemas, over the
 * console's client (session cookie and CSRF header).
 */
import { useMemo } from 'react';
import type {
  ArchiveCase,
  ArchiveExportPage,
  ArchiveExportQueued,
  ArchiveRecordPage,
  ArchiveSettings,
  ArchiveTargets,
  LegalHoldAnswer,
  RetentionReportView,
  RetentionRules,
} from '@brevdue/shared/api';
import type { BrevdueApi } from '../common/api-client.ts';
import { ApiError } from '../common/api-client.ts';
import { useConsole } from './console-context.ts';

/** The search form as it holds it (empty = not set); dates are local days, both inclusive. */
export interface ArchiveFilters {
  party: string;
  name: string;
  caseId: string;
  subject: string;
  from: string;
  to: string;
  channel: '' | 'digital' | 'print' | 'sms';
  direction: '' | 'outgoing' | 'incoming';
}

export const NO_ARCHIVE_FILTERS: ArchiveFilters = {
  party: '',
  name: '',
  caseId: '',
  subject: '',
  from: '',
  to: '',
  channel: '',
  direction: '',
};

/** The start of a local day as an ISO moment (`plusDays` later). */
export function dayStart(day: string, plusDays = 0): string {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

/** The query of `GET /v1/archive/records` for the filters and page. */
export function recordsQuery(f: ArchiveFilters, page: number, pageSize: number): string {
  const q = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  const party = f.party.replace(/[\s-]/g, '');
  if (party) q.set('party', party);
  for (const k of ['name', 'caseId', 'subject', 'channel', 'direction'] as const) if (f[k].trim()) q.set(k, f[k].trim());
  if (f.from) q.set('from', dayStart(f.from));
  if (f.to) q.set('to', dayStart(f.to, 1));
  return q.toString();
}

const id = (s: string) => encodeURIComponent(s);

/** The archive API for the console. */
export class ArchiveApi {
  constructor(readonly api: BrevdueApi) {}

  records(f: ArchiveFilters, page: number, pageSize: number): Promise<ArchiveRecordPage> {
    return this.api.json('GET', `/v1/archive/records?${recordsQuery(f, page, pageSize)}`);
  }

  /** A case with one page of its records, sent and received. */
  case(caseId: string, page: number, pageSize: number): Promise<ArchiveCase> {
    return this.api.json('GET', `/v1/archive/cases/${id(caseId)}?page=${page}&pageSize=${pageSize}`);
  }

  legalHold(caseId: string, hold: boolean, reason: string): Promise<LegalHoldAnswer> {
    return this.api.json('POST', `/v1/archive/cases/${id(caseId)}/legal-hold`, { hold, reason });
  }

  /** Places or lifts the hold on one record (its case's hold aside). */
  recordLegalHold(recordId: string, hold: boolean, reason: string): Promise<LegalHoldAnswer> {
    return this.api.json('POST', `/v1/archive/records/${id(recordId)}/legal-hold`, { hold, reason });
  }

  targets(): Promise<ArchiveTargets> {
    return this.api.json('GET', '/v1/archive/targets');
  }

  /** Queues the export of a case, or of the records of a period (`from` inclusive, `to` exclusive, ISO). */
  requestExport(scope: { caseId: string } | { from: string; to: string }, target?: string): Promise<ArchiveExportQueued> {
    return this.api.json('POST', '/v1/archive/exports', { ...scope, ...(target ? { target } : {}) });
  }

  exports(f: { status?: string; target?: string; caseId?: string }, page: number, pageSize: number): Promise<ArchiveExportPage> {
    const q = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    return this.api.json('GET', `/v1/archive/exports?${q.toString()}`);
  }

  retentionRules(): Promise<RetentionRules> {
    return this.api.json('GET', '/v1/archive/retention-rules');
  }

  saveRetentionRules(rules: RetentionRules['rules']): Promise<RetentionRules> {
    return this.api.json('PUT', '/v1/archive/retention-rules', { rules });
  }

  /** The organisation's archive settings: the language of its receipts. */
  settings(): Promise<ArchiveSettings> {
    return this.api.json('GET', '/v1/archive/settings');
  }

  saveSettings(settings: ArchiveSettings): Promise<ArchiveSettings> {
    return this.api.json('PUT', '/v1/archive/settings', settings);
  }

  /** What retention would delete now (nothing is deleted), one page of the documents. */
  retentionDryRun(page: number, pageSize: number): Promise<RetentionReportView> {
    return this.api.json('POST', `/v1/archive/retention/run?dryRun=true&page=${page}&pageSize=${pageSize}`);
  }

  /** The insight ZIP of a party, by number or by one of its cases. */
  async insight(by: { party: string } | { caseId: string }): Promise<{ blob: Blob; filename: string }> {
    const q = 'party' in by ? `party=${id(by.party.replace(/[\s-]/g, ''))}` : `caseId=${id(by.caseId)}`;
    const res = await fetch(`/v1/archive/insight?${q}`, { credentials: 'same-origin' });
    if (!res.ok) {
      const e = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
      throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`, e?.field);
    }
    const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'indsigt.zip';
    return { blob: await res.blob(), filename };
  }
}

/** The archive API on the console's client. */
export function useArchiveApi(): ArchiveApi {
  const { api } = useConsole();
  return useMemo(() => new ArchiveApi(api.api), [api]);
}

/** Saves a blob under `filename` through a temporary link (never opened in our origin). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
