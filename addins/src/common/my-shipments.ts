/**
 * @module
 * "Mine forsendelser": what the signed-in caseworker sent, newest first, a page at a time
 * (`GET /v1/shipments`; the platform shows a sender only their own and their team's), each with
 * its letters counted by status; opened, its letters with their statuses, receipts and archive
 * records (the records of all its letters asked for in one request, by letter id).
 */
import { Badge, Button, Link, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import type { LetterView, ShipmentSummary, ShipmentView } from '@brevdue/shared/api';
import { useCallback, useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import { useArchiveRecords } from './archive-records.ts';
import { data, h } from './h.ts';
import { LetterItem } from './letter-status-list.ts';
import { currentLanguage, messages } from './messages.ts';
import { useStyles } from './styles.ts';

const PAGE = 10;
const NONE: LetterView[] = [];

const when = (iso: string) =>
  new Date(iso).toLocaleString(currentLanguage() === 'en' ? 'en-GB' : 'da-DK', { dateStyle: 'medium', timeStyle: 'short' });

function ShipmentItem(props: { api: BrevdueApi; shipment: ShipmentSummary; onError: (e: unknown) => void }) {
  const s = useStyles();
  const sh = props.shipment;
  const [open, setOpen] = useState(false);
  const [full, setFull] = useState<ShipmentView>();
  const { api, onError } = props;
  useEffect(() => {
    if (!open || full) return;
    let live = true;
    api.shipment(sh.id).then(
      (v) => live && setFull(v),
      (e: unknown) => live && onError(e),
    );
    return () => {
      live = false;
    };
  }, [open, full, api, sh.id, onError]);
  const archive = useArchiveRecords(api, full?.letters ?? NONE, full !== undefined);
  const listId = `letters-${sh.id}`;
  return h(
    'li',
    { className: s.listItem, ...data({ testid: 'my-shipment', shipment: sh.id }) },
    h(Text, { weight: 'semibold', as: 'h3', ...data({ testid: 'my-shipment-subject' }) }, sh.subject),
    h(Text, { size: 200, className: s.muted }, `${when(sh.createdAt)} · ${messages.lettersCount(sh.letters)}`),
    h(
      'div',
      { className: s.badges },
      messages.shipmentStatus[sh.status]
        ? h(Badge, { className: s.badge, appearance: 'outline', color: 'warning' }, messages.shipmentStatus[sh.status])
        : null,
      ...Object.entries(sh.counts).map(([status, n]) =>
        h(
          Badge,
          { key: status, className: s.badge, appearance: 'tint', ...data({ testid: 'my-shipment-count', status }) },
          `${n} × ${messages.status[status] ?? status}`,
        ),
      ),
    ),
    h(
      'div',
      null,
      h(
        Link,
        {
          as: 'button',
          'aria-expanded': open,
          'aria-controls': listId,
          onClick: () => setOpen(!open),
          ...data({ testid: 'my-shipment-toggle' }),
        },
        open ? messages.hideLetters : messages.showLetters,
      ),
    ),
    open
      ? full
        ? h('ul', { id: listId, className: s.list }, ...full.letters.map((l) => h(LetterItem, { key: l.id, api, letter: l, archive })))
        : h(Spinner, { size: 'tiny', label: messages.fetching })
      : null,
  );
}

/** The list, a page at a time ("Vis flere" asks the platform for the next). */
export function MyShipments(props: { api: BrevdueApi; onUnauthorized: () => void }) {
  const s = useStyles();
  const { api } = props;
  const [items, setItems] = useState<ShipmentSummary[]>();
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onError = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);
  const load = useCallback(
    (before?: string) => {
      setBusy(true);
      api
        .shipments(PAGE, before)
        .then((r) => {
          setItems((cur) => (before ? [...(cur ?? []), ...r.shipments] : r.shipments));
          setNext(r.nextBefore);
        }, onError)
        .finally(() => setBusy(false));
    },
    [api, onError],
  );
  useEffect(() => load(), [load]);
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'mine-title', ...data({ testid: 'my-shipments' }) },
    h(Text, { id: 'mine-title', weight: 'semibold', size: 400, as: 'h2' }, messages.tabMine),
    h(Text, { size: 200, className: s.muted }, messages.mineHelp),
    error ? h(MessageBar, { intent: 'error', layout: 'multiline' }, h(MessageBarBody, null, error)) : null,
    items === undefined
      ? h(Spinner, { size: 'small', label: messages.fetching })
      : items.length === 0
        ? h(Text, null, messages.mineEmpty)
        : h('ul', { className: s.list }, ...items.map((sh) => h(ShipmentItem, { key: sh.id, api, shipment: sh, onError }))),
    next
      ? h('div', null, h(Button, { disabled: busy, onClick: () => load(next), ...data({ testid: 'show-more' }) }, messages.showMore))
      : null,
  );
}
