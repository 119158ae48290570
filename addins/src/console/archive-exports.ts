/**
 * @module
 * Arkiv's exports page (`/console/arkiv/eksport`): the archive targets configured, every export
 * with its status (failed and waiting first, followed by itself while one waits), filtered by
 * status and target and paged on the server; the archive roles export a period's records.
 */
import { Button, Field, Input, Select, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { data, h } from '../common/h.ts';
import { dayStart, useArchiveApi } from './archive-api.ts';
import { Outcome, useAction } from './archive-common.ts';
import { EXPORTS_PAGE_SIZE, ExportTable, useTargets } from './archive-export-list.ts';
import { useMay } from './archive-roles.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

function PeriodExport(props: { targets: string[]; onQueued: () => void }) {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const archive = useArchiveApi();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [target, setTarget] = useState('');
  const action = useAction();
  const submit = () => {
    if (!from || !to) return action.fail(a.exportPeriodMissing);
    void action.run(async () => {
      const r = await archive.requestExport({ from: dayStart(from), to: dayStart(to, 1) }, target || undefined);
      props.onQueued();
      return a.exportQueued(r.queued, r.records, r.targets.join(', '));
    });
  };
  return h(
    'section',
    { 'aria-labelledby': 'period-heading', className: s.form },
    h(Text, { as: 'h2', id: 'period-heading', size: 500, weight: 'semibold' }, a.exportPeriod),
    h(
      'form',
      {
        className: s.row,
        onSubmit: submitted(submit),
      },
      h(
        Field,
        { label: a.from },
        h(Input, { type: 'date', value: from, onChange: (_, d) => setFrom(d.value), ...data({ testid: 'period-from' }) }),
      ),
      h(
        Field,
        { label: a.to },
        h(Input, { type: 'date', value: to, onChange: (_, d) => setTo(d.value), ...data({ testid: 'period-to' }) }),
      ),
      h(
        Field,
        { label: a.target },
        h(
          Select,
          { value: target, onChange: (_, d) => setTarget(d.value) },
          h('option', { value: '' }, a.allTargets),
          props.targets.map((n) => h('option', { key: n, value: n }, n)),
        ),
      ),
      h(Button, { type: 'submit', disabled: action.busy, ...data({ testid: 'period-export' }) }, a.exportPeriodButton),
    ),
    h(Outcome, { outcome: action.outcome, testId: 'period-result' }),
  );
}

export function ArchiveExportsPage() {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const may = useMay();
  const archive = useArchiveApi();
  const targets = useTargets();
  const [status, setStatus] = useState('');
  const [target, setTarget] = useState('');
  const [page, setPage] = useState(1);
  const list = useLoad(() => archive.exports({ status, target }, page, EXPORTS_PAGE_SIZE), [archive, status, target, page]);
  const names = targets.value?.targets.map((x) => x.name) ?? [];
  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, a.exportsIntro),
    targets.value && names.length === 0
      ? h(Text, { as: 'p' }, a.noTargets)
      : h(
          DataTable,
          { label: a.targetsLabel, testId: 'targets-table', columns: [a.target, a.exportStatus] },
          (targets.value?.targets ?? []).map((x) =>
            h(TableRow, { key: x.name }, h(TableCell, null, x.name), h(TableCell, null, x.autoExport ? a.autoExport : a.manualExport)),
          ),
        ),
    may('exportWrite') && names.length > 0 ? h(PeriodExport, { targets: names, onQueued: list.reload }) : null,
    h(
      'section',
      { 'aria-labelledby': 'exports-heading', className: s.form },
      h(Text, { as: 'h2', id: 'exports-heading', size: 500, weight: 'semibold' }, a.exportStatusHeading),
      h(
        'div',
        { className: s.row },
        h(
          Field,
          { label: a.exportStatus },
          h(
            Select,
            {
              value: status,
              onChange: (_, d) => {
                setStatus(d.value);
                setPage(1);
              },
              ...data({ testid: 'exports-status' }),
            },
            h('option', { value: '' }, a.allExportStatuses),
            (['failed', 'pending', 'exported'] as const).map((k) => h('option', { key: k, value: k }, a.exportStatuses[k])),
          ),
        ),
        h(
          Field,
          { label: a.target },
          h(
            Select,
            {
              value: target,
              onChange: (_, d) => {
                setTarget(d.value);
                setPage(1);
              },
            },
            h('option', { value: '' }, a.allTargets),
            names.map((n) => h('option', { key: n, value: n }, n)),
          ),
        ),
      ),
      h(ExportTable, { list, page, setPage, showCase: true }),
    ),
  );
}
