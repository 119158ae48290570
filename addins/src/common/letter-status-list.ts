/**
 * @module
 * Live status per letter after sending (kept current by `followShipment`), with the reason
 * when a letter fails.
 */
import { Badge, Text } from '@fluentui/react-components';
import { isFinalStatus, type LetterStatus } from '@brevdue/shared';
import { useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import type { ShipmentView } from '@brevdue/shared/api';
import { followShipment } from './follow-shipment.ts';
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

export function LetterStatusList(props: { api: BrevdueApi; shipment: ShipmentView }) {
  const s = useStyles();
  const [letters, setLetters] = useState(props.shipment.letters);
  const [lost, setLost] = useState(false);
  const done = letters.every((l) => isFinalStatus(l.status));
  useEffect(
    () => (done ? undefined : followShipment(props.api, props.shipment.id, { letters: setLetters, lost: setLost })),
    [done, props.api, props.shipment.id],
  );
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
