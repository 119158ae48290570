/**
 * @module
 * Arkiv's retention page (`/console/arkiv/kassation`): the organisation's rules (how many years
 * each document kind is kept after the case's last activity) – shown to the archive's readers,
 * changed by the roles allowed – and a dry run listing what retention would delete now, paged
 * on the server. The console never runs retention for real: the daily job does.
 */
import { Button, Field, Input, Link, Select, Spinner, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { RetentionReportView, RetentionRules } from '@brevdue/shared/api';
import { formatSize } from '../common/format-size.ts';
import { data, h } from '../common/h.ts';
import { useArchiveApi } from './archive-api.ts';
import { LoadError, Outcome, Pager, casePath, useAction, useWhen } from './archive-common.ts';
import { useMay } from './archive-roles.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

type Rule = RetentionRules['rules'][number];

/** The document kinds the archive files (`*`: every kind without a rule of its own). */
const KINDS = ['*', 'letter', 'attachment', 'receipt', 'provider-receipt', 'wire-message'] as const;
/** Documents per page of the dry run. */
export const DRY_RUN_PAGE_SIZE = 25;

function Rules() {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const may = useMay();
  const archive = useArchiveApi();
  const loaded = useLoad(() => archive.retentionRules(), [archive]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [kind, setKind] = useState('');
  const [years, setYears] = useState('');
  const action = useAction();
  const edit = may('retentionWrite');
  useEffect(() => setRules(loaded.value?.rules ?? []), [loaded.value]);
  const kindLabel = (k: string) => a.kinds[k] ?? k;
  const free = KINDS.filter((k) => !rules.some((r) => r.documentKind === k));

  if (loaded.error) return h(LoadError, { error: loaded.error, retry: loaded.reload });
  if (!loaded.value) return h(Spinner, { label: t.loading });
  const add = () => {
    const n = Number(years);
    if (!kind || !free.includes(kind as (typeof KINDS)[number]) || !Number.isInteger(n) || n < 1 || n > 200)
      return action.fail(a.ruleInvalid);
    setRules([...rules, { documentKind: kind, keepYears: n, after: 'last_activity' }]);
    setKind('');
    setYears('');
  };
  const save = () =>
    void action.run(async () => {
      setRules((await archive.saveRetentionRules(rules)).rules);
      return a.rulesSaved;
    });
  return h(
    'section',
    { 'aria-labelledby': 'rules-heading', className: s.form },
    h(Text, { as: 'h2', id: 'rules-heading', size: 500, weight: 'semibold' }, a.rulesHeading),
    edit ? null : h(Text, { as: 'p', className: s.muted }, a.readOnly),
    rules.length === 0
      ? h(Text, { as: 'p', role: 'status', ...data({ testid: 'rules-none' }) }, a.noRules)
      : h(
          DataTable,
          { label: a.rulesLabel, testId: 'rules-table', columns: [a.colKind, a.colKeepYears, a.colAfter, ...(edit ? [t.colActions] : [])] },
          rules.map((r, i) =>
            h(
              TableRow,
              { key: r.documentKind, ...data({ kind: r.documentKind }) },
              h(TableCell, null, kindLabel(r.documentKind)),
              h(
                TableCell,
                null,
                edit
                  ? h(Input, {
                      type: 'number',
                      min: 1,
                      max: 200,
                      value: String(r.keepYears),
                      'aria-label': a.keepYearsFor(kindLabel(r.documentKind)),
                      className: s.narrow,
                      onChange: (_, d) => setRules(rules.map((x, j) => (j === i ? { ...x, keepYears: Number(d.value) } : x))),
                    })
                  : String(r.keepYears),
              ),
              h(TableCell, null, a.afterLastActivity),
              ...(edit
                ? [
                    h(
                      TableCell,
                      { key: 'remove' },
                      h(
                        Button,
                        {
                          size: 'small',
                          'aria-label': a.removeRule(kindLabel(r.documentKind)),
                          onClick: () => setRules(rules.filter((_, j) => j !== i)),
                        },
                        t.remove,
                      ),
                    ),
                  ]
                : []),
            ),
          ),
        ),
    edit
      ? h(
          'form',
          {
            className: s.row,
            onSubmit: submitted(add),
          },
          h(
            Field,
            { label: a.newKind },
            h(
              Select,
              { value: kind, onChange: (_, d) => setKind(d.value), ...data({ testid: 'rule-kind' }) },
              h('option', { value: '' }, '—'),
              free.map((k) => h('option', { key: k, value: k }, kindLabel(k))),
            ),
          ),
          h(
            Field,
            { label: a.newYears, className: s.narrow },
            h(Input, {
              type: 'number',
              min: 1,
              max: 200,
              value: years,
              onChange: (_, d) => setYears(d.value),
              ...data({ testid: 'rule-years' }),
            }),
          ),
          h(Button, { type: 'submit', ...data({ testid: 'rule-add' }) }, a.addRule),
        )
      : null,
    edit
      ? h(
          'div',
          null,
          h(Button, { appearance: 'primary', disabled: action.busy, onClick: save, ...data({ testid: 'rules-save' }) }, a.saveRules),
        )
      : null,
    h(Outcome, { outcome: action.outcome, testId: 'rules-result' }),
  );
}

function DryRun() {
  const { t, navigate, lang } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const archive = useArchiveApi();
  const when = useWhen();
  const [report, setReport] = useState<RetentionReportView>();
  const action = useAction();
  const run = (page: number) =>
    void action.run(async () => {
      const r = await archive.retentionDryRun(page, DRY_RUN_PAGE_SIZE);
      setReport(r);
      return r.total === 0 ? a.dryRunNone : a.dryRunResult(r.total, r.blobsDeleted);
    });
  const pages = report ? Math.max(1, Math.ceil(report.total / DRY_RUN_PAGE_SIZE)) : 1;
  return h(
    'section',
    { 'aria-labelledby': 'dry-run-heading', className: s.form },
    h(Text, { as: 'h2', id: 'dry-run-heading', size: 500, weight: 'semibold' }, a.dryRunHeading),
    h(Text, { as: 'p', className: s.muted }, a.dryRunIntro),
    h(
      'div',
      null,
      h(Button, { disabled: action.busy, onClick: () => run(1), ...data({ testid: 'dry-run' }) }, action.busy ? a.dryRunning : a.dryRun),
    ),
    h(Outcome, { outcome: action.outcome, testId: 'dry-run-result' }),
    report && report.total > 0
      ? h(
          'div',
          { className: s.form, 'aria-busy': action.busy },
          h(
            'ul',
            { ...data({ testid: 'dry-run-counts' }) },
            Object.entries(report.countsByKind).map(([k, n]) => h('li', { key: k }, `${a.kinds[k] ?? k}: ${n}`)),
          ),
          h(
            DataTable,
            { label: a.dryRunLabel, testId: 'dry-run-table', columns: [a.colKind, a.colCase, a.colDue, a.colSize] },
            report.documents.map((d) =>
              h(
                TableRow,
                { key: d.documentId },
                h(TableCell, null, a.kinds[d.kind] ?? d.kind),
                h(
                  TableCell,
                  null,
                  h(
                    Link,
                    {
                      href: casePath(d.caseId),
                      'aria-label': `${a.openCase} ${d.caseId.slice(0, 8)}`,
                      onClick: linkClick(navigate, casePath(d.caseId)),
                    },
                    d.caseId.slice(0, 8),
                  ),
                ),
                h(TableCell, null, when(d.dueAt, false)),
                h(TableCell, null, formatSize(d.bytes, lang)),
              ),
            ),
          ),
          h(Pager, {
            page: report.page,
            pages,
            busy: action.busy,
            label: a.dryRunPage(report.page, pages, report.total),
            go: run,
            testId: 'dry-run-page',
          }),
        )
      : null,
  );
}

export function ArchiveRetentionPage() {
  const { t } = useConsole();
  const s = useConsoleStyles();
  const may = useMay();
  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.archive.retentionIntro),
    h(Rules),
    may('retentionDryRun') ? h(DryRun) : null,
  );
}
