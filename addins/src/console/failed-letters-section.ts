/**
 * @module
 * Fejl: the error list. Every failed letter not yet resent, with its reason, filtered by
 * shipment, provider, reason and date; "Ret og send igen" resends it (to a corrected recipient)
 * as a new letter, after which it leaves the list. Recipients are shown masked as the API
 * answers them, and reasons pass the CPR masker too.
 *
 * `GET /v1/letters` has no paging or filters beyond status, so the console reads the newest
 * {@link LETTERS_MAX} and filters those in the page (and says so when the list is capped).
 */
import { Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { inLanguage, maskCprsInText } from '@brevdue/shared';
import type { LetterView } from '@brevdue/shared/api';
import { h } from '../common/h.ts';
import { LETTERS_MAX } from './console-api.ts';
import { useConsole } from './console-context.ts';
import { replaceQuery } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { ResendDialog } from './resend-dialog.ts';
import { useLoad } from './use-load.ts';

interface Filters {
  shipment: string;
  provider: string;
  reason: string;
  from: string;
  to: string;
}

const KEYS = ['shipment', 'provider', 'reason', 'from', 'to'] as const;

function filtersFromUrl(): Filters {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(KEYS.map((k) => [k, q.get(k) ?? ''])) as unknown as Filters;
}

/** Whether `l` passes the filters (dates are the local day the letter failed on). */
function matches(l: LetterView, f: Filters): boolean {
  if (f.shipment.trim() && !l.shipmentId.startsWith(f.shipment.trim().toLowerCase())) return false;
  if (f.provider && l.provider !== f.provider) return false;
  if (f.reason.trim() && !(l.reason ?? '').toLowerCase().includes(f.reason.trim().toLowerCase())) return false;
  const at = new Date(l.updatedAt).getTime();
  if (f.from && at < new Date(`${f.from}T00:00:00`).getTime()) return false;
  if (f.to && at >= new Date(`${f.to}T00:00:00`).getTime() + 86_400_000) return false;
  return true;
}

/** The recipient as shown: masked id (as the API answers it) and the name when known. */
export function recipientLabel(l: LetterView): string {
  return `${l.recipient.idType} ${l.recipient.id}${l.recipient.name ? ` – ${l.recipient.name}` : ''}`;
}

export function FailedLettersSection() {
  const { t, api, locale, lang } = useConsole();
  const s = useConsoleStyles();
  const list = useLoad(() => api.failedLetters(), [api]);
  const [filters, setFilters] = useState<Filters>(filtersFromUrl);
  const [open, setOpen] = useState<LetterView>();
  const [done, setDone] = useState<string>();

  const setFilter = (k: keyof Filters) => (_: unknown, d: { value: string }) => {
    const next = { ...filters, [k]: d.value };
    setFilters(next);
    replaceQuery(new URLSearchParams(Object.entries(next).filter(([, v]) => v)).toString());
  };
  const clear = () => {
    setFilters({ shipment: '', provider: '', reason: '', from: '', to: '' });
    replaceQuery('');
  };
  const letters = useMemo(() => list.value ?? [], [list.value]);
  const providers = useMemo(() => [...new Set(letters.map((l) => l.provider))].sort(), [letters]);
  const shown = useMemo(() => letters.filter((l) => matches(l, filters)), [letters, filters]);
  const date = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });

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
        { value: filters.provider, onChange: setFilter('provider') },
        h('option', { value: '' }, t.allProviders),
        providers.map((p) => h('option', { key: p, value: p }, p)),
      ),
    ),
    h(
      Field,
      { label: t.filterReason },
      h(Input, { value: filters.reason, onChange: setFilter('reason'), ...{ 'data-testid': 'filter-reason' } }),
    ),
    h(Field, { label: t.filterFrom }, h(Input, { type: 'date', value: filters.from, onChange: setFilter('from') })),
    h(Field, { label: t.filterTo }, h(Input, { type: 'date', value: filters.to, onChange: setFilter('to') })),
    h('div', null, h(Button, { onClick: clear }, t.clearFilters)),
  );

  const table = h(
    DataTable,
    {
      label: t.sections.fejl,
      testId: 'failed-table',
      columns: [
        [t.colRecipient, '17%'],
        [t.colChannel, '10%'],
        [t.colProvider, '9%'],
        [t.colReason, '30%'],
        [t.colShipment, '9%'],
        [t.colFailedAt, '11%'],
        [t.colActions, '14%'],
      ],
    },
    shown.map((l) =>
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
          h(Button, { size: 'small', 'aria-label': t.fixAndResendFor(recipientLabel(l)), onClick: () => setOpen(l) }, t.fixAndResend),
        ),
      ),
    ),
  );

  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.failedIntro),
    done ? h(MessageBar, { intent: 'success' }, h(MessageBarBody, { role: 'status', ...{ 'data-testid': 'resend-done' } }, done)) : null,
    filterForm,
    list.loading && !list.value
      ? h(Spinner, { label: t.loading })
      : list.error
        ? h(
            MessageBar,
            { intent: 'error' },
            h(MessageBarBody, { role: 'alert' }, t.loadFailed(list.error)),
            h(Button, { onClick: list.reload }, t.retry),
          )
        : letters.length === 0
          ? h(Text, { as: 'p', role: 'status' }, t.noFailed)
          : h(
              'div',
              { className: s.form },
              h(
                Text,
                { as: 'p', role: 'status', ...{ 'data-testid': 'failed-count' } },
                `${t.shown(shown.length, letters.length)}${letters.length >= LETTERS_MAX ? ` ${t.capped(LETTERS_MAX)}` : ''}`,
              ),
              shown.length === 0 ? h(Text, { as: 'p' }, t.noMatch) : table,
            ),
    open
      ? h(ResendDialog, {
          letter: open,
          who: recipientLabel(open),
          onClose: () => setOpen(undefined),
          onDone: () => {
            setDone(t.resent(recipientLabel(open)));
            setOpen(undefined);
            list.reload();
          },
        })
      : null,
  );
}
