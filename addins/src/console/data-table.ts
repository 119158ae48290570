/**
 * @module
 * The console's one table: a labelled Fluent table in a scrolling frame, its header from a list
 * of columns (a label, or a label and a width), its rows given as children.
 */
import { Table, TableBody, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { data, h } from '../common/h.ts';
import { useConsoleStyles } from './console-styles.ts';

export type Column = string | readonly [label: string, width: string];

export function DataTable(props: { label: string; testId: string; columns: readonly Column[]; children?: ReactNode }) {
  const s = useConsoleStyles();
  return h(
    'div',
    { className: s.tableWrap },
    h(
      Table,
      { 'aria-label': props.label, size: 'small', ...data({ testid: props.testId }) },
      h(
        TableHeader,
        null,
        h(
          TableRow,
          null,
          props.columns.map((c) => {
            const [label, width] = typeof c === 'string' ? [c, undefined] : c;
            return h(TableHeaderCell, { key: label, ...(width ? { style: { width } } : {}) }, label);
          }),
        ),
      ),
      h(TableBody, null, props.children),
    ),
  );
}
