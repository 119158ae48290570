/**
 * @module
 * Arkiv's search: records sent and received, by party (the whole CPR/CVR typed, shown masked),
 * party name, case, subject words, date and channel, newest first and paged on the server.
 * Every filter but the party number is kept in the URL, so a search can be bookmarked without
 * a CPR number ending up in the address bar, the history or a shared link.
 */
import { Button, Field, Input, Link, Select, Spinner, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { ArchiveRecord } from '@brevdue/shared/api';
import { data, h } from '../common/h.ts';
import { NO_ARCHIVE_FILTERS, useArchiveApi, type ArchiveFilters } from './archive-api.ts';
import { LoadError, Pager, casePath, partyLabel, safeText, useWhen } from './archive-common.ts';
import { useConsole } from './console-context.ts';
import { linkClick, replaceQuery } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

/** Records per page. */
export const ARCHIVE_PAGE_SIZE = 25;

/** The filters a URL may carry: all but the party number. */
const URL_KEYS = ['name', 'caseId', 'subject', 'from', 'to', 'channel', 'direction'] as const;

function stateFromUrl(): { filters: ArchiveFilters; page: number } {
  const q = new URLSearchParams(location.search);
  const filters = { ...NO_ARCHIVE_FILTERS };
  for (const k of URL_KEYS) (filters as Record<string, string>)[k] = q.get(k) ?? '';
  return { filters, page: Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1) };
}

function keepInUrl(f: ArchiveFilters, page: number): void {
  const q = new URLSearchParams(URL_KEYS.filter((k) => f[k]).map((k) => [k, f[k]]));
  if (page > 1) q.set('page', String(page));
  replaceQuery(q.toString());
}

/** The whole-number check the API makes too, so a typing slip is said at once. */
const validParty = (p: string) => p.trim() === '' || /^(\d{8}|\d{10})$/.test(p.replace(/[\s-]/g, ''));

function RecordsTable(props: { items: ArchiveRecord[] }) {
  const { t, navigate } = useConsole();
  const a = t.archive;
  const when = useWhen();
  return h(
    DataTable,
    {
      label: a.resultsLabel,
      testId: 'archive-results',
      columns: [
        [a.colDate, '13%'],
        [a.colParty, '22%'],
        [a.colSubject, '25%'],
        [a.colDirection, '9%'],
        [a.colChannel, '10%'],
        [a.colStatus, '11%'],
        [a.colCase, '10%'],
      ],
    },
    props.items.map((r) =>
      h(
        TableRow,
        { key: r.id, ...data({ record: r.id }) },
        h(TableCell, null, when(r.occurredAt)),
        h(TableCell, null, partyLabel(r.party)),
        h(TableCell, null, safeText(r.subject)),
        h(TableCell, null, a.directions[r.direction] ?? r.direction),
        h(TableCell, null, r.channel ? (t.channels[r.channel] ?? r.channel) : ''),
        h(TableCell, null, r.status ? (a.statuses[r.status] ?? r.status) : ''),
        h(
          TableCell,
          null,
          h(
            Link,
            {
              href: casePath(r.caseId),
              'aria-label': a.openCaseFor(partyLabel(r.party), safeText(r.subject)),
              onClick: linkClick(navigate, casePath(r.caseId)),
            },
            a.openCase,
          ),
        ),
      ),
    ),
  );
}

export function ArchiveSearchPage() {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const archive = useArchiveApi();
  const [initial] = useState(stateFromUrl);
  const [form, setForm] = useState<ArchiveFilters>(initial.filters);
  const [applied, setApplied] = useState<ArchiveFilters>(initial.filters);
  const [page, setPage] = useState(initial.page);
  const [partyError, setPartyError] = useState<string>();
  const result = useLoad(() => archive.records(applied, page, ARCHIVE_PAGE_SIZE), [archive, applied, page]);

  const go = (f: ArchiveFilters, p: number) => {
    setApplied(f);
    setPage(p);
    keepInUrl(f, p);
  };
  const set = (k: keyof ArchiveFilters) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const input = (k: keyof ArchiveFilters, label: string, extra: Record<string, unknown> = {}, hint?: string) =>
    h(
      Field,
      { label, ...(hint ? { hint } : {}) },
      h(Input, { value: form[k], onChange: set(k), ...extra, ...data({ testid: `archive-${k}` }) }),
    );

  const v = result.value;
  const pages = v ? Math.max(1, Math.ceil(v.total / v.pageSize)) : 1;
  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, a.searchIntro),
    h(
      'form',
      {
        role: 'search',
        'aria-label': a.searchLegend,
        onSubmit: submitted(() => {
          if (!validParty(form.party)) return setPartyError(a.partyInvalid);
          setPartyError(undefined);
          go(form, 1);
        }),
      },
      h(
        'fieldset',
        { className: s.filters },
        h('legend', { className: s.muted }, a.searchLegend),
        h(
          Field,
          { label: a.party, hint: a.partyHint, ...(partyError ? { validationMessage: partyError } : {}) },
          h(Input, {
            value: form.party,
            onChange: set('party'),
            inputMode: 'numeric',
            autoComplete: 'off',
            ...data({ testid: 'archive-party' }),
          }),
        ),
        input('name', a.partyName),
        input('caseId', a.caseId),
        input('subject', a.subject),
        input('from', a.from, { type: 'date' }),
        input('to', a.to, { type: 'date' }),
        h(
          Field,
          { label: a.channel },
          h(
            Select,
            { value: form.channel, onChange: set('channel'), ...data({ testid: 'archive-channel' }) },
            h('option', { value: '' }, a.allChannels),
            (['digital', 'print', 'sms'] as const).map((c) => h('option', { key: c, value: c }, t.channels[c])),
          ),
        ),
        h(
          Field,
          { label: a.direction },
          h(
            Select,
            { value: form.direction, onChange: set('direction'), ...data({ testid: 'archive-direction' }) },
            h('option', { value: '' }, a.allDirections),
            (['outgoing', 'incoming'] as const).map((d) => h('option', { key: d, value: d }, a.directions[d])),
          ),
        ),
        h(
          'div',
          { className: s.actions },
          h(Button, { appearance: 'primary', type: 'submit', ...data({ testid: 'archive-search' }) }, t.search),
          h(
            Button,
            {
              onClick: () => {
                setForm(NO_ARCHIVE_FILTERS);
                setPartyError(undefined);
                go(NO_ARCHIVE_FILTERS, 1);
              },
            },
            t.clearFilters,
          ),
        ),
      ),
    ),
    result.error
      ? h(LoadError, { error: result.error, retry: result.reload })
      : !v
        ? h(Spinner, { label: t.loading })
        : v.items.length === 0
          ? h(Text, { as: 'p', role: 'status', ...data({ testid: 'archive-none' }) }, a.noRecords)
          : h(
              'div',
              { className: s.form, 'aria-busy': result.loading },
              v.totalExact ? null : h(Text, { as: 'p' }, a.narrow),
              h(RecordsTable, { items: v.items }),
              h(Pager, {
                page: v.page,
                pages,
                busy: result.loading,
                label: a.page(v.page, pages, v.total, v.totalExact),
                go: (p) => go(applied, p),
                testId: 'archive-page',
              }),
            ),
  );
}
