/**
 * @module
 * Statistik: letters sent per day and channel, failures by reason, received post per day and
 * the recipients' registration, over a period the user picks (the last 30 days by default; kept
 * in the URL so a view can be linked), with the days as a CSV download. The platform counts
 * (`GET /v1/statistics`), only what the user may see. The charts load on demand, apart from the
 * console's first load; each has its figures in a table beside it.
 */
import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Component, Suspense, lazy, useState, type ReactNode } from 'react';
import { STATISTICS_MAX_DAYS, daysBetween, type Statistics } from '@brevdue/shared/api';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { replaceQuery } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { PRESET_DAYS, type Period, lastDays, loadStatistics, periodFromUrl, periodProblem, statisticsCsvUrl } from './statistics-api.ts';
import type { ChartKind } from './statistics-charts.ts';
import { StatisticsTable } from './statistics-tables.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

// A separate chunk (esbuild code splitting): React, Fluent and the console load first, the
// charts' d3 when Statistik is opened.
const StatisticsChart = lazy(() => import('./statistics-charts.ts'));

const useStyles = makeStyles({
  charts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(480px, 1fr))', gap: tokens.spacingHorizontalL },
  figure: {
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  wide: { gridColumn: '1 / -1' },
  chart: { minHeight: '120px' },
  heading: { margin: 0 },
  summary: { cursor: 'pointer', color: tokens.colorBrandForegroundLink },
});

/** The charts' failure to load leaves the tables: the figures are all there. */
class ChartBoundary extends Component<{ fallback: ReactNode; children?: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function Figure(props: { kind: ChartKind; title: string; summary: string; stats: Statistics; wide?: boolean; empty: boolean }) {
  const { t, locale } = useConsole();
  const st = useStyles();
  const id = `stats-${props.kind}`;
  return h(
    'section',
    { className: `${st.figure} ${props.wide ? st.wide : ''}`, 'aria-labelledby': `${id}-title`, ...{ 'data-testid': id } },
    h(Text, { as: 'h2', id: `${id}-title`, size: 400, weight: 'semibold', className: st.heading }, props.title),
    h(Text, { as: 'p', ...{ 'data-testid': `${id}-summary` } }, props.summary),
    props.empty
      ? null
      : h(
          'div',
          { className: st.chart, ...{ 'data-testid': `${id}-chart` } },
          h(
            ChartBoundary,
            { fallback: h(Text, { role: 'alert' }, t.stats.chartFailed) },
            h(
              Suspense,
              { fallback: h(Spinner, { size: 'small', label: t.stats.chartLoading }) },
              h(StatisticsChart, { kind: props.kind, stats: props.stats, t, locale }),
            ),
          ),
        ),
    h(
      'details',
      null,
      h('summary', { className: st.summary }, t.stats.asTable),
      h(StatisticsTable, { kind: props.kind, stats: props.stats, t, locale }),
    ),
  );
}

function Totals(props: { stats: Statistics }) {
  const { t, locale } = useConsole();
  const s = useConsoleStyles();
  const { sent, failed, received } = props.stats.totals;
  const tiles: [string, string, number][] = [
    ['digital', t.stats.sentDigital, sent.digital],
    ['print', t.stats.sentPrint, sent.print],
    ['sms', t.stats.sentSms, sent.sms],
    ['failed', t.stats.failed, failed],
    ['received', t.stats.received, received],
  ];
  return h(
    'section',
    { 'aria-label': t.stats.totals, className: s.cards },
    tiles.map(([key, label, n]) =>
      h(
        Card,
        { key, 'aria-labelledby': `total-${key}-label` },
        h(CardHeader, { header: h(Text, { id: `total-${key}-label`, weight: 'semibold' }, label) }),
        h(Text, { className: s.count, ...{ 'data-testid': `total-${key}` } }, n.toLocaleString(locale)),
      ),
    ),
  );
}

function Charts(props: { stats: Statistics }) {
  const { t } = useConsole();
  const st = useStyles();
  const v = props.stats;
  const registered = Object.values(v.registrations).reduce((a, b) => a + b, 0);
  const sentAll = v.totals.sent.digital + v.totals.sent.print + v.totals.sent.sms;
  return h(
    'div',
    { className: st.charts },
    h(Figure, {
      kind: 'perDay',
      title: t.stats.perDayTitle,
      summary: t.stats.perDaySummary(v.totals.sent.digital, v.totals.sent.print, v.totals.sent.sms),
      stats: v,
      wide: true,
      empty: sentAll === 0,
    }),
    h(Figure, {
      kind: 'failures',
      title: t.stats.failuresTitle,
      summary: t.stats.failuresSummary(v.totals.failed),
      stats: v,
      empty: v.failures.length === 0,
    }),
    h(Figure, {
      kind: 'registration',
      title: t.stats.registrationTitle,
      summary: t.stats.registrationSummary(v.registrations.digital, registered),
      stats: v,
      empty: registered === 0,
    }),
    h(Figure, {
      kind: 'received',
      title: t.stats.receivedTitle,
      summary: t.stats.receivedSummary(v.totals.received),
      stats: v,
      wide: true,
      empty: v.totals.received === 0,
    }),
  );
}

export function StatisticsSection() {
  const { t, api, lang, locale } = useConsole();
  const s = useConsoleStyles();
  const [applied, setApplied] = useState<Period>(() => periodFromUrl());
  const [form, setForm] = useState<Period>(applied);
  const [problem, setProblem] = useState<ReturnType<typeof periodProblem>>();
  const result = useLoad(() => loadStatistics(api, applied), [api, applied]);

  const apply = (p: Period) => {
    const wrong = periodProblem(p);
    setProblem(wrong);
    if (wrong) return;
    setForm(p);
    setApplied(p);
    replaceQuery(new URLSearchParams({ from: p.from, to: p.to }).toString());
  };
  const day = (d: string) => new Date(`${d}T12:00:00`).toLocaleDateString(locale, { dateStyle: 'long' });
  const problemText = problem === 'tooLong' ? t.stats.tooLong(STATISTICS_MAX_DAYS) : problem ? t.stats[problem] : undefined;
  const presetLabel = { 7: t.stats.last7, 30: t.stats.last30, 365: t.stats.last365 } as const;

  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.stats.intro),
    h(
      'form',
      {
        onSubmit: submitted(() => apply(form)),
      },
      h(
        'fieldset',
        { className: s.filters },
        h('legend', { className: s.muted }, t.stats.period),
        h(
          Field,
          { label: t.stats.from, ...(problem ? { validationState: 'error' as const } : {}) },
          h(Input, {
            type: 'date',
            value: form.from,
            onChange: (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, from: d.value })),
            ...{ 'data-testid': 'stats-from' },
          }),
        ),
        h(
          Field,
          { label: t.stats.to, ...(problem ? { validationState: 'error' as const } : {}) },
          h(Input, {
            type: 'date',
            value: form.to,
            onChange: (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, to: d.value })),
            ...{ 'data-testid': 'stats-to' },
          }),
        ),
        h(
          'div',
          { className: s.actions, style: { alignSelf: 'end' } },
          h(Button, { appearance: 'primary', type: 'submit', ...{ 'data-testid': 'stats-show' } }, t.stats.show),
        ),
        h(
          'div',
          { className: s.actions, style: { gridColumn: '1 / -1' } },
          PRESET_DAYS.map((n) =>
            h(
              Button,
              { key: n, size: 'small', onClick: () => apply(lastDays(n)), ...{ 'data-testid': `stats-last-${n}` } },
              presetLabel[n],
            ),
          ),
        ),
      ),
    ),
    problemText
      ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert', ...{ 'data-testid': 'stats-problem' } }, problemText))
      : null,
    h(
      'div',
      { className: s.actions },
      h(
        Text,
        { role: 'status', ...{ 'data-testid': 'stats-period' } },
        t.stats.shown(day(applied.from), day(applied.to), daysBetween(applied.from, applied.to)),
      ),
      h(Link, { href: statisticsCsvUrl(applied, lang), download: '', ...{ 'data-testid': 'stats-csv' } }, t.stats.exportCsv),
    ),
    result.error
      ? h(
          MessageBar,
          { intent: 'error' },
          h(MessageBarBody, { role: 'alert', ...{ 'data-testid': 'stats-error' } }, t.loadFailed(result.error)),
        )
      : !result.value
        ? h(Spinner, { label: t.loading })
        : h(
            'div',
            { className: s.form, 'aria-busy': result.loading, ...{ 'data-from': result.value.from, 'data-to': result.value.to } },
            h(Totals, { stats: result.value }),
            h(Charts, { stats: result.value }),
          ),
  );
}
