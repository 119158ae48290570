/**
 * @module
 * Fejl: the error list. Every failed letter not yet resent, with its reason, filtered on the
 * server by shipment, provider, reason and date and read a page at a time (`GET /v1/letters`
 * with a cursor), so no list is loaded whole. "Ret og send igen" resends a letter (to a corrected
 * recipient) as a new letter; "Annullér" closes it for good after a second click. Either way it
 * leaves the list. Recipients are shown masked as the API answers them, and reasons pass the CPR
 * masker too. The filters stay in the URL so a view can be linked.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, Select, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { inLanguage, maskCprsInText } from '@brevdue/shared';
import type { LetterView } from '@brevdue/shared/api';
import { h } from '../common/h.ts';
import { NO_FAILED_FILTERS, type FailedFilters } from './console-api.ts';
import { useConsole } from './console-context.ts';
import { replaceQuery } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { loadState } from './load-state.ts';
import { ResendDialog } from './resend-dialog.ts';
import { useLoad } from './use-load.ts';

/** Letters per page. */
export const FAILED_PAGE_SIZE = 50;
/** Typing settles this long before the list is asked again. */
const SETTLE_MS = 250;

const KEYS = ['shipment', 'provider', 'reason', 'from', 'to'] as const;

function filtersFromUrl(): FailedFilters {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(KEYS.map((k) => [k, q.get(k) ?? ''])) as unknown as FailedFilters;
}

/** The recipient as shown: masked id (as the API answers it) and the name when known. */
export function recipientLabel(l: LetterView): string {
  return `${l.recipient.idType} ${l.recipient.id}${l.recipient.name ? ` – ${l.recipient.name}` : ''}`;
}

/** The row's cancel control: one click asks, the second cancels. */
function CancelControl(props: { letter: LetterView; asking: boolean; busy: boolean; ask: (on: boolean) => void; cancel: () => void }) {
  const { t } = useConsole();
  const s = useConsoleStyles();
  const who = recipientLabel(props.letter);
  if (!props.asking)
    return h(
      Button,
      { size: 'small', disabled: props.busy, 'aria-label': t.admin.cancelLetterFor(who), onClick: () => props.ask(true) },
      t.admin.cancelLetter,
    );
  return h(
    'span',
    { className: s.actions },
    h(
      Button,
      { size: 'small', appearance: 'primary', disabled: props.busy, 'aria-label': t.admin.confirmCancelFor(who), onClick: props.cancel },
      t.admin.confirmCancel,
    ),
    h(
      Button,
      { size: 'small', disabled: props.busy, 'aria-label': t.admin.keepLetterFor(who), onClick: () => props.ask(false) },
      t.admin.keepLetter,
    ),
  );
}

export function FailedLettersSection() {
  const { t, api, locale, lang } = useConsole();
  const s = useConsoleStyles();
  const [filters, setFilters] = useState<FailedFilters>(filtersFromUrl);
  const [applied, setApplied] = useState<FailedFilters>(filters);
  // The cursors of the pages before this one: [] on the first page.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const list = useLoad(() => api.failedPage(applied, FAILED_PAGE_SIZE, cursor), [api, applied, cursor]);
  const [open, setOpen] = useState<LetterView>();
  const [asking, setAsking] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ text: string; testId: string }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const timer = setTimeout(() => {
      setApplied(filters);
      setCursors([]);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [filters]);

  const setFilter = (k: keyof FailedFilters) => (_: unknown, d: { value: string }) => {
    const next = { ...filters, [k]: d.value };
    setFilters(next);
    replaceQuery(new URLSearchParams(Object.entries(next).filter(([, v]) => v)).toString());
  };
  const clear = () => {
    setFilters(NO_FAILED_FILTERS);
    replaceQuery('');
  };
  const letters = useMemo(() => list.value?.letters ?? [], [list.value]);
  // The providers of this page, and the one filtered on (its letters may all be on other pages).
  const providers = useMemo(
    () => [...new Set([...letters.map((l) => l.provider), ...(filters.provider ? [filters.provider] : [])])].sort(),
    [letters, filters.provider],
  );
  const date = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const pageNo = cursors.length + 1;

  const cancel = async (l: LetterView) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.cancelLetter(l.id);
      setDone({ text: t.admin.letterCancelled(recipientLabel(l)), testId: 'cancel-done' });
      setAsking(undefined);
      list.reload();
    } catch (e) {
      setError(maskCprsInText(inLanguage((e as Error).message, lang)));
    } finally {
      setBusy(false);
    }
  };

  const filterForm = h(
    'fieldset',
    { className: s.filters },
    h('legend', { className: s.muted }, t.filters),
    h(
      Field,
      { label: t.filterShipment },
      h(Input, { value: filters.shipment, onChange: setFilter('shipment'), ...{ 'data-testid': 'filter-shipment' } }),
    ),
    h(
      Field,
      { label: t.filterProvider },
      h(
        Select,
        { value: filters.provider, onChange: setFilter('provider'), ...{ 'data-testid': 'filter-provider' } },
        h('option', { value: '' }, t.allProviders),
        providers.map((p) => h('option', { key: p, value: p }, p)),
      ),
    ),
    h(
      Field,
      { label: t.filterReason },
      h(Input, { value: filters.reason, onChange: setFilter('reason'), ...{ 'data-testid': 'filter-reason' } }),
    ),
    h(
      Field,
      { label: t.filterFrom },
      h(Input, { type: 'date', value: filters.from, onChange: setFilter('from'), ...{ 'data-testid': 'filter-from' } }),
    ),
    h(
      Field,
      { label: t.filterTo },
      h(Input, { type: 'date', value: filters.to, onChange: setFilter('to'), ...{ 'data-testid': 'filter-to' } }),
    ),
    h('div', null, h(Button, { onClick: clear }, t.clearFilters)),
  );

  const table = h(
    DataTable,
    {
      label: t.sections.fejl,
      testId: 'failed-table',
      columns: [
        [t.colRecipient, '16%'],
        [t.colChannel, '9%'],
        [t.colProvider, '8%'],
        [t.colReason, '27%'],
        [t.colShipment, '8%'],
        [t.colFailedAt, '10%'],
        [t.colActions, '22%'],
      ],
    },
    letters.map((l) =>
      h(
        TableRow,
        { key: l.id, ...{ 'data-letter': l.id } },
        h(TableCell, null, recipientLabel(l)),
        h(TableCell, null, t.channels[l.channel] ?? l.channel),
        h(TableCell, null, l.provider),
        h(TableCell, null, l.reason ? maskCprsInText(inLanguage(l.reason, lang)) : t.noReason),
        h(TableCell, null, h('span', { className: s.mono, title: l.shipmentId }, l.shipmentId.slice(0, 8))),
        h(TableCell, null, date(l.updatedAt)),
        h(
          TableCell,
          null,
          h(
            'span',
            { className: s.actions },
            h(
              Button,
              { size: 'small', disabled: busy, 'aria-label': t.fixAndResendFor(recipientLabel(l)), onClick: () => setOpen(l) },
              t.fixAndResend,
            ),
            h(CancelControl, {
              letter: l,
              asking: asking === l.id,
              busy,
              ask: (on) => setAsking(on ? l.id : undefined),
              cancel: () => void cancel(l),
            }),
          ),
        ),
      ),
    ),
  );

  const v = list.value;
  const pager = h(
    'div',
    { className: s.actions },
    h(Button, { disabled: pageNo === 1 || list.loading, onClick: () => setCursors([]) }, t.admin.firstPage),
    h(Button, { disabled: pageNo === 1 || list.loading, onClick: () => setCursors((c) => c.slice(0, -1)) }, t.previous),
    h(
      Button,
      {
        disabled: !v?.nextCursor || list.loading,
        onClick: () => v?.nextCursor && setCursors((c) => [...c, v.nextCursor!]),
        ...{ 'data-testid': 'failed-next' },
      },
      t.next,
    ),
  );

  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.admin.failedIntro),
    done ? h(MessageBar, { intent: 'success' }, h(MessageBarBody, { role: 'status', ...{ 'data-testid': done.testId } }, done.text)) : null,
    error ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert', ...{ 'data-testid': 'failed-error' } }, error)) : null,
    filterForm,
    loadState(t, list, {
      isEmpty: (page) => page.letters.length === 0 && pageNo === 1,
      text: KEYS.some((k) => applied[k]) ? t.noMatch : t.noFailed,
      role: 'status',
    }) ??
      h(
        'div',
        { className: s.form, 'aria-busy': list.loading },
        h(
          Text,
          { as: 'p', role: 'status', ...{ 'data-testid': 'failed-count' } },
          t.admin.failedPage(pageNo, letters.length, !!v?.nextCursor),
        ),
        table,
        pager,
      ),
    open
      ? h(ResendDialog, {
          letter: open,
          who: recipientLabel(open),
          onClose: () => setOpen(undefined),
          onDone: () => {
            setDone({ text: t.resent(recipientLabel(open)), testId: 'resend-done' });
            setOpen(undefined);
            list.reload();
          },
        })
      : null,
  );
}
