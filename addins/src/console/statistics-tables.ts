/**
 * @module
 * The figures behind each chart of the Statistik section as tables: the text alternative of a
 * chart (a screen reader reads the table, not the drawing) and the exact numbers for anyone.
 */
import { TableCell, TableRow } from '@fluentui/react-components';
import type { Statistics } from '@brevdue/shared/api';
import { h } from '../common/h.ts';
import type { ConsoleMessages } from './console-messages.ts';
import { DataTable } from './data-table.ts';
import { reasonLabel, registrationLabel } from './statistics-labels.ts';
import type { ChartKind } from './statistics-charts.ts';

interface TableProps {
  stats: Statistics;
  t: ConsoleMessages;
  locale: string;
}

const dateOf = (date: string, locale: string) => new Date(`${date}T12:00:00`).toLocaleDateString(locale, { dateStyle: 'medium' });

function PerDayTable({ stats, t, locale }: TableProps) {
  return h(
    DataTable,
    {
      label: t.stats.perDayTitle,
      testId: 'stats-table-perDay',
      columns: [t.stats.colDate, t.stats.colDigital, t.stats.colPrint, t.stats.colSms],
    },
    stats.days.map((d) =>
      h(
        TableRow,
        { key: d.date, ...{ 'data-date': d.date } },
        h(TableCell, null, dateOf(d.date, locale)),
        h(TableCell, null, d.sent.digital),
        h(TableCell, null, d.sent.print),
        h(TableCell, null, d.sent.sms),
      ),
    ),
  );
}

function FailuresTable({ stats, t }: TableProps) {
  return h(
    DataTable,
    { label: t.stats.failuresTitle, testId: 'stats-table-failures', columns: [t.stats.colReason, t.stats.colCount] },
    stats.failures.map((f) =>
      h(
        TableRow,
        { key: f.reason, ...{ 'data-reason': f.reason } },
        h(TableCell, null, reasonLabel(t, f.reason)),
        h(TableCell, null, f.count),
      ),
    ),
  );
}

function ReceivedTable({ stats, t, locale }: TableProps) {
  return h(
    DataTable,
    { label: t.stats.receivedTitle, testId: 'stats-table-received', columns: [t.stats.colDate, t.stats.colReceived] },
    stats.days.map((d) =>
      h(TableRow, { key: d.date, ...{ 'data-date': d.date } }, h(TableCell, null, dateOf(d.date, locale)), h(TableCell, null, d.received)),
    ),
  );
}

function RegistrationTable({ stats, t, locale }: TableProps) {
  const total = Object.values(stats.registrations).reduce((a, b) => a + b, 0);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return h(
    DataTable,
    {
      label: t.stats.registrationTitle,
      testId: 'stats-table-registration',
      columns: [t.stats.colRegistration, t.stats.colCount, t.stats.colShare],
    },
    Object.entries(stats.registrations).map(([k, n]) =>
      h(
        TableRow,
        { key: k, ...{ 'data-registration': k } },
        h(TableCell, null, registrationLabel(t, k)),
        h(TableCell, null, n),
        h(TableCell, null, total === 0 ? '–' : pct.format(n / total)),
      ),
    ),
  );
}

const TABLES = { perDay: PerDayTable, failures: FailuresTable, received: ReceivedTable, registration: RegistrationTable } as const;

/** The table of one chart's figures. */
export function StatisticsTable(props: TableProps & { kind: ChartKind }) {
  const { kind, ...rest } = props;
  return h(TABLES[kind], rest);
}
