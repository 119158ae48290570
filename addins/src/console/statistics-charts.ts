/**
 * @module
 * The Statistik section's charts (`@fluentui/react-charts`, with d3 inside): loaded on demand by
 * `statistics-section.ts`, so the console's first load does not carry them. Each chart draws
 * one part of the answer of `GET /v1/statistics`; the figures are also in a table beside it for
 * whoever cannot see the chart.
 */
import {
  DataVizPalette,
  DonutChart,
  HorizontalBarChart,
  HorizontalBarChartVariant,
  VerticalBarChart,
  VerticalStackedBarChart,
  getColorFromToken,
  type ChartDataPoint,
  type ChartProps,
  type VerticalBarChartDataPoint,
  type VerticalStackedChartProps,
} from '@fluentui/react-charts';
import type { ReactElement } from 'react';
import type { Statistics } from '@brevdue/shared/api';
import { h } from '../common/h.ts';
import type { ConsoleMessages } from './console-messages.ts';
import { reasonLabel, registrationLabel } from './statistics-labels.ts';

/** Which chart. */
export type ChartKind = 'perDay' | 'failures' | 'received' | 'registration';

export interface StatisticsChartProps {
  kind: ChartKind;
  stats: Statistics;
  t: ConsoleMessages;
  locale: string;
}

const colour = (token: string) => getColorFromToken(token);
/** The same colour for a channel in every chart. */
const CHANNEL_COLOURS = {
  digital: colour(DataVizPalette.color1),
  print: colour(DataVizPalette.color2),
  sms: colour(DataVizPalette.color3),
} as const;
const REGISTRATION_COLOURS: Record<string, string> = {
  digital: colour(DataVizPalette.color1),
  not_registered: colour(DataVizPalette.color5),
  exempt: colour(DataVizPalette.color4),
  unknown: colour(DataVizPalette.color6),
};

/** A day's local midnight: its bar sits on its tick in any time zone of the browser. */
const midnight = (date: string) => new Date(`${date}T00:00:00`);

/**
 * A box of a fixed height the chart fills: a Cartesian chart takes its height from its parent
 * element (its root is `height: 100%`), not from a prop.
 */
function Sized(props: { height: number; children?: ReactElement }) {
  return h('div', { style: { height: `${props.height}px`, width: '100%' } }, props.children);
}

function PerDay({ stats, t, locale }: Omit<StatisticsChartProps, 'kind'>) {
  const day = (date: string) => midnight(date).toLocaleDateString(locale, { dateStyle: 'medium' });
  const data: VerticalStackedChartProps[] = stats.days.map((d) => ({
    xAxisPoint: midnight(d.date),
    xAxisCalloutData: day(d.date),
    chartData: (['digital', 'print', 'sms'] as const).map((c) => ({
      legend: t.channels[c] ?? c,
      data: d.sent[c],
      color: CHANNEL_COLOURS[c],
    })),
  }));
  return h(
    Sized,
    { height: 320 },
    h(VerticalStackedBarChart, { data, chartTitle: t.stats.perDayTitle, culture: locale, yAxisTitle: t.stats.count, barWidth: 'auto' }),
  );
}

function Failures({ stats, t }: Omit<StatisticsChartProps, 'kind'>) {
  const data: ChartProps[] = stats.failures.map((f) => ({
    chartTitle: reasonLabel(t, f.reason),
    chartData: [{ legend: reasonLabel(t, f.reason), horizontalBarChartdata: { x: f.count }, color: colour(DataVizPalette.error) }],
  }));
  return h(HorizontalBarChart, { data, variant: HorizontalBarChartVariant.AbsoluteScale, chartDataMode: 'default' });
}

function Received({ stats, t, locale }: Omit<StatisticsChartProps, 'kind'>) {
  const data: VerticalBarChartDataPoint[] = stats.days.map((d) => ({
    x: midnight(d.date),
    y: d.received,
    legend: t.stats.received,
    xAxisCalloutData: midnight(d.date).toLocaleDateString(locale, { dateStyle: 'medium' }),
    color: colour(DataVizPalette.color7),
  }));
  return h(
    Sized,
    { height: 240 },
    h(VerticalBarChart, {
      data,
      chartTitle: t.stats.receivedTitle,
      culture: locale,
      yAxisTitle: t.stats.count,
      hideLegend: true,
      useSingleColor: true,
    }),
  );
}

function Registration({ stats, t }: Omit<StatisticsChartProps, 'kind'>) {
  const chartData: ChartDataPoint[] = Object.entries(stats.registrations)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => ({ legend: registrationLabel(t, k), data: n, color: REGISTRATION_COLOURS[k] }));
  return h(DonutChart, {
    data: { chartTitle: t.stats.registrationTitle, chartData },
    innerRadius: 55,
    height: 240,
    hideLabels: false,
    showLabelsInPercent: true,
  });
}

const CHARTS = { perDay: PerDay, failures: Failures, received: Received, registration: Registration } as const;

/** One chart of the statistics. */
export default function StatisticsChart(props: StatisticsChartProps) {
  const { kind, ...rest } = props;
  return h(CHARTS[kind], rest);
}
