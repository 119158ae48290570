/**
 * @module
 * Revisionslog: the audit log searched by actor, object, party, action and time, paged on the
 * server (`GET /v1/audit`), exported as CSV with the same filters, and the chain verified on
 * request (`GET /v1/archive/audit/verify`). The search is kept in the URL so it can be linked.
 * Parties come masked from the API; details pass the CPR masker before they are shown.
 */
import { Button, Field, Input, Link, MessageBar, MessageBarBody, Spinner, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { maskCprsInText } from '@brevdue/shared';
import { h } from '../common/h.ts';
import { NO_AUDIT_FILTERS, auditQuery, type AuditEntry, type AuditFilters, type AuditVerifyResult } from './console-api.ts';
import { useConsole } from './console-context.ts';
import { replaceQuery } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 25;

const KEYS = ['actor', 'objectId', 'party', 'action', 'from', 'to'] as const;

function stateFromUrl(): { filters: AuditFilters; page: number } {
  const q = new URLSearchParams(location.search);
  const filters = Object.fromEntries(KEYS.map((k) => [k, q.get(k) ?? ''])) as unknown as AuditFilters;
  const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
  return { filters, page };
}

function keepInUrl(filters: AuditFilters, page: number): void {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  if (page > 1) q.set('page', String(page));
  replaceQuery(q.toString());
}

/** An actor without a name, short: `token:d733a5c3` for `token:<uuid>`. */
function shortActor(actor: string): string {
  const [kind, id] = actor.split(':');
  return id ? `${kind}:${id.slice(0, 8)}` : actor;
}

/** The details of an entry in one line, CPR numbers masked. */
function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  const text = typeof details === 'string' ? details : JSON.stringify(details);
  return maskCprsInText(text === '{}' ? '' : text);
}

function VerifyChain() {
  const { t, api } = useConsole();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | { error: string }>();
  const run = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await api.verifyAudit());
    } catch (e) {
      setResult({ error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const message = !result
    ? null
    : 'error' in result
      ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert' }, t.loadFailed(result.error)))
      : result.ok
        ? h(
            MessageBar,
            { intent: 'success' },
            h(MessageBarBody, { role: 'status', ...{ 'data-testid': 'verify-result' } }, t.verifyOk(result.checked)),
          )
        : h(
            MessageBar,
            { intent: 'error' },
            h(
              MessageBarBody,
              { role: 'alert', ...{ 'data-testid': 'verify-result' } },
              t.verifyBroken(result.brokenAt?.id, result.brokenAt?.message ?? ''),
            ),
          );
  return h(
    'div',
    { style: { display: 'flex', flexDirection: 'column', gap: '8px' } },
    h(
      'div',
      null,
      h(Button, { onClick: () => void run(), disabled: busy, ...{ 'data-testid': 'verify-chain' } }, busy ? t.verifying : t.verify),
    ),
    message,
  );
}

function EntriesTable(props: { items: AuditEntry[] }) {
  const { t, locale } = useConsole();
  const s = useConsoleStyles();
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' });
  return h(
    DataTable,
    {
      label: t.resultsLabel,
      testId: 'audit-table',
      columns: [
        [t.colAt, '13%'],
        [t.colActor, '13%'],
        [t.colAction, '18%'],
        [t.colObject, '14%'],
        [t.colParty, '13%'],
        [t.colSource, '10%'],
        [t.colDetails, '19%'],
      ],
    },
    props.items.map((e) =>
      h(
        TableRow,
        { key: e.id },
        h(TableCell, null, when(e.at)),
        h(TableCell, null, h('span', { title: e.actor }, e.actorName ?? shortActor(e.actor))),
        h(TableCell, null, h('span', { className: s.mono }, e.action)),
        h(
          TableCell,
          null,
          e.subjectType ? h('span', { title: e.subjectId ?? undefined }, `${e.subjectType} ${(e.subjectId ?? '').slice(0, 8)}`) : '',
        ),
        h(TableCell, null, e.party ? `${e.party.idType} ${e.party.id}` : ''),
        h(TableCell, null, e.sourceAddress ?? ''),
        h(TableCell, null, h('span', { className: s.details }, detailsText(e.details))),
      ),
    ),
  );
}

export function AuditLogSection() {
  const { t, api, lang } = useConsole();
  const s = useConsoleStyles();
  const [initial] = useState(stateFromUrl);
  const [form, setForm] = useState<AuditFilters>(initial.filters);
  const [applied, setApplied] = useState<AuditFilters>(initial.filters);
  const [page, setPage] = useState(initial.page);
  const result = useLoad(() => api.audit(applied, page, AUDIT_PAGE_SIZE), [api, applied, page]);

  const go = (filters: AuditFilters, p: number) => {
    setApplied(filters);
    setPage(p);
    keepInUrl(filters, p);
  };
  const set = (k: keyof AuditFilters) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const input = (k: keyof AuditFilters, label: string, extra: Record<string, unknown> = {}, hint?: string) =>
    h(
      Field,
      { label, ...(hint ? { hint } : {}) },
      h(Input, { value: form[k], onChange: set(k), ...extra, ...{ 'data-testid': `audit-${k}` } }),
    );

  const v = result.value;
  const pages = v ? Math.max(1, Math.ceil(v.total / v.pageSize)) : 1;
  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.auditIntro),
    h(VerifyChain),
    h(
      'form',
      {
        onSubmit: submitted(() => go(form, 1)),
      },
      h(
        'fieldset',
        { className: s.filters },
        h('legend', { className: s.muted }, t.filters),
        input('actor', t.filterActor, {}, t.filterActorHint),
        input('objectId', t.filterObject),
        input('party', t.filterParty),
        input('action', t.filterAction, {}, t.filterActionHint),
        input('from', t.filterAuditFrom, { type: 'datetime-local' }),
        input('to', t.filterAuditTo, { type: 'datetime-local' }),
        h(
          'div',
          { className: s.actions },
          h(Button, { appearance: 'primary', type: 'submit', ...{ 'data-testid': 'audit-search' } }, t.search),
          h(
            Button,
            {
              onClick: () => {
                setForm(NO_AUDIT_FILTERS);
                go(NO_AUDIT_FILTERS, 1);
              },
            },
            t.clearFilters,
          ),
        ),
      ),
    ),
    h('div', null, h(Link, { href: `/v1/audit?${auditQuery(applied, { format: 'csv', lang })}`, download: '' }, t.exportCsv)),
    result.error
      ? h(
          MessageBar,
          { intent: 'error' },
          h(MessageBarBody, { role: 'alert', ...{ 'data-testid': 'audit-error' } }, t.loadFailed(result.error)),
        )
      : !v
        ? h(Spinner, { label: t.loading })
        : v.items.length === 0
          ? h(Text, { as: 'p', role: 'status' }, t.noEntries)
          : h(
              'div',
              { className: s.form, 'aria-busy': result.loading },
              h(EntriesTable, { items: v.items }),
              h(
                'div',
                { className: s.actions },
                h(Button, { disabled: page <= 1 || result.loading, onClick: () => go(applied, page - 1) }, t.previous),
                h(Text, { role: 'status', ...{ 'data-testid': 'audit-page' } }, t.page(v.page, pages, v.total)),
                h(
                  Button,
                  { disabled: page >= pages || result.loading, onClick: () => go(applied, page + 1), ...{ 'data-testid': 'audit-next' } },
                  t.next,
                ),
              ),
            ),
  );
}
