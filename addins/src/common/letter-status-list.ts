/**
 * @module
 * Live status per letter after sending, from the shipment's server-sent events, with the
 * reason when a letter fails.
 */
import { Badge, Text } from '@fluentui/react-components';
import { isFinalStatus, type LetterStatus } from '@brevdue/shared';
import { useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import type { LetterChangeEvent, LetterView, ShipmentView } from '@brevdue/shared/api';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { displayId } from './preview-list.ts';
import { useStyles } from './styles.ts';

const COLOUR: Partial<Record<LetterStatus, 'success' | 'danger' | 'informative' | 'warning'>> = {
  delivered_digital: 'success',
  delivered_print: 'success',
  delivered_sms: 'success',
  failed: 'danger',
  cancelled: 'warning',
};

/** Applies one SSE event to the list of letters. */
export function applyLetterEvent(letters: LetterView[], e: LetterChangeEvent): LetterView[] {
  return letters.map((l) =>
    l.id === e.letterId ? { ...l, status: e.status, channel: e.channel ?? l.channel, reason: e.reason ?? null } : l,
  );
}

export function LetterStatusList(props: { api: BrevdueApi; shipment: ShipmentView }) {
  const s = useStyles();
  const [letters, setLetters] = useState(props.shipment.letters);
  const [lost, setLost] = useState(false);
  const done = letters.every((l) => isFinalStatus(l.status));
  useEffect(() => {
    if (done) return;
    let es: EventSource | undefined;
    let live = true;
    const catchUp = () =>
      void props.api
        .shipment(props.shipment.id)
        .then((sh) => live && setLetters(sh.letters))
        .catch(() => {});
    // The stream is the fast path; a slow look every 10 s covers a stream that could not open.
    const poll = setInterval(catchUp, 10_000);
    const open = (): void =>
      void props.api.eventsUrl(props.shipment.id).then(connect, () => {
        setLost(true);
        if (live) setTimeout(open, 2000);
      });
    const connect = (url: string) => {
      if (!live) return;
      es = new EventSource(url);
      es.addEventListener('letter', (m) => {
        setLost(false);
        setLetters((ls) => applyLetterEvent(ls, JSON.parse((m as MessageEvent<string>).data) as LetterChangeEvent));
      });
      // EventSource reconnects by itself; say so meanwhile, and catch up on what we missed.
      es.onerror = () => setLost(true);
      es.onopen = () => {
        setLost(false);
        catchUp();
      };
    };
    open();
    return () => {
      live = false;
      clearInterval(poll);
      es?.close();
    };
  }, [done, props.api, props.shipment.id]);
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'status-title', 'aria-live': 'polite', ...data({ testid: 'status' }) },
    h(Text, { id: 'status-title', weight: 'semibold', size: 400, as: 'h2' }, messages.statusTitle),
    h(
      'ul',
      { className: s.list },
      ...letters.map((l) =>
        h(
          'li',
          { key: l.id, className: s.listItem, ...data({ testid: 'letter', status: l.status }) },
          h(
            Text,
            { weight: 'semibold' },
            `${l.recipient.idType} ${displayId(l.recipient.idType, l.recipient.id)}${l.recipient.name ? ` · ${l.recipient.name}` : ''}`,
          ),
          h(
            'div',
            { className: s.badges },
            h(
              Badge,
              { className: s.badge, appearance: 'filled', color: COLOUR[l.status] ?? 'informative' },
              messages.status[l.status] ?? l.status,
            ),
            l.channel ? h(Badge, { className: s.badge, appearance: 'outline' }, messages.channel[l.channel] ?? l.channel) : null,
          ),
          l.reason ? h(Text, { size: 200, ...data({ testid: 'letter-reason' }) }, l.reason) : null,
        ),
      ),
    ),
    lost && !done ? h(Text, { size: 200, className: s.muted }, messages.connectionLost) : null,
  );
}
