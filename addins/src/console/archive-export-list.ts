/**
 * @module
 * Exports to archive targets: the table of exports and their status (followed by itself while
 * one waits), and the form that queues a case's export to a target.
 */
import { Button, Field, Link, Select, Spinner, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { inLanguage } from '@brevdue/shared';
import type { ArchiveExportPage } from '@brevdue/shared/api';
import { data, h } from '../common/h.ts';
import { useArchiveApi } from './archive-api.ts';
import { LoadError, Outcome, Pager, casePath, safeText, useAction, useWhen } from './archive-common.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import type { Loaded } from './use-load.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

/** Exports per page. */
export const EXPORTS_PAGE_SIZE = 25;
/** How often a list with waiting exports asks again. */
const FOLLOW_MS = 2000;

/** Reloads `list` every {@link FOLLOW_MS} while it shows an export still waiting. */
export function useFollowExports(list: Loaded<ArchiveExportPage>): boolean {
  const waiting = list.value?.items.some((e) => e.status === 'pending') ?? false;
  useEffect(() => {
    if (!waiting || list.loading) return;
    const timer = setTimeout(list.reload, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [waiting, list.loading, list.reload]);
  return waiting;
}

/** The exports of `list`, paged; `showCase` links each to its case. */
export function ExportTable(props: { list: Loaded<ArchiveExportPage>; page: number; setPage: (p: number) => void; showCase: boolean }) {
  const { t, navigate, lang } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const when = useWhen();
  const waiting = useFollowExports(props.list);
  const v = props.list.value;
  if (props.list.error) return h(LoadError, { error: props.list.error, retry: props.list.reload });
  if (!v) return h(Spinner, { label: t.loading });
  if (v.items.length === 0) return h(Text, { as: 'p', role: 'status', ...data({ testid: 'exports-none' }) }, a.noExports);
  const pages = Math.max(1, Math.ceil(v.total / EXPORTS_PAGE_SIZE));
  return h(
    'div',
    { className: s.form, 'aria-busy': props.list.loading },
    h(
      'div',
      { className: s.actions },
      h(Button, { size: 'small', onClick: props.list.reload, disabled: props.list.loading }, a.refresh),
      waiting ? h(Text, { size: 200, className: s.muted }, a.following) : null,
    ),
    h(
      DataTable,
      {
        label: a.exportsLabel,
        testId: 'exports-table',
        columns: [
          a.colSubject,
          a.colTarget,
          a.exportStatus,
          a.colAttempts,
          a.colError,
          a.colUpdated,
          ...(props.showCase ? [a.colCase] : []),
        ],
      },
      v.items.map((e) =>
        h(
          TableRow,
          { key: e.id, ...data({ export: e.id, status: e.status }) },
          h(TableCell, null, safeText(e.subject)),
          h(TableCell, null, e.target),
          h(TableCell, null, a.exportStatuses[e.status] ?? e.status),
          h(TableCell, null, String(e.attempts)),
          h(TableCell, null, e.lastError ? safeText(inLanguage(e.lastError, lang)) : ''),
          h(TableCell, null, when(e.exportedAt ?? e.updatedAt)),
          ...(props.showCase
            ? [
                h(
                  TableCell,
                  { key: 'case' },
                  h(
                    Link,
                    {
                      href: casePath(e.caseId),
                      'aria-label': `${a.openCase}: ${safeText(e.subject)}`,
                      onClick: linkClick(navigate, casePath(e.caseId)),
                    },
                    a.openCase,
                  ),
                ),
              ]
            : []),
        ),
      ),
    ),
    h(Pager, {
      page: props.page,
      pages,
      busy: props.list.loading,
      label: a.exportsPage(props.page, pages, v.total),
      go: props.setPage,
      testId: 'exports-page',
    }),
  );
}

/** The archive targets configured. */
export function useTargets() {
  const archive = useArchiveApi();
  return useLoad(() => archive.targets(), [archive]);
}

/** Queues the export of a case to a target, and shows the case's exports with their status. */
export function CaseExports(props: { caseId: string; mayExport: boolean }) {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const archive = useArchiveApi();
  const targets = useTargets();
  const [target, setTarget] = useState('');
  const [page, setPage] = useState(1);
  const list = useLoad(() => archive.exports({ caseId: props.caseId }, page, EXPORTS_PAGE_SIZE), [archive, props.caseId, page]);
  const action = useAction();
  const names = targets.value?.targets.map((x) => x.name) ?? [];
  const exportCase = () =>
    void action.run(async () => {
      const r = await archive.requestExport({ caseId: props.caseId }, target || undefined);
      list.reload();
      return a.exportQueued(r.queued, r.records, r.targets.join(', '));
    });
  return h(
    'section',
    { 'aria-labelledby': 'case-exports-heading', className: s.form },
    h(Text, { as: 'h3', id: 'case-exports-heading', size: 400, weight: 'semibold' }, a.exportStatusHeading),
    props.mayExport
      ? targets.value && names.length === 0
        ? h(Text, { as: 'p' }, a.noTargets)
        : h(
            'form',
            {
              className: s.row,
              onSubmit: submitted(exportCase),
            },
            h(
              Field,
              { label: a.target },
              h(
                Select,
                { value: target, onChange: (_, d) => setTarget(d.value), ...data({ testid: 'export-target' }) },
                h('option', { value: '' }, a.allTargets),
                names.map((n) => h('option', { key: n, value: n }, n)),
              ),
            ),
            h(Button, { type: 'submit', disabled: action.busy || !targets.value, ...data({ testid: 'export-case' }) }, a.exportCase),
          )
      : null,
    h(Outcome, { outcome: action.outcome, testId: 'export-result' }),
    h(ExportTable, { list, page, setPage, showCase: false }),
  );
}
