/**
 * @module
 * Live status per letter after sending (kept current by `followShipment`), with the reason when
 * a letter fails, the copies marked as such, and each letter's receipt and archive record. A
 * Digipost letter also shows its status in Norwegian, the words Digipost's users know.
 */
import { Badge, Text } from '@fluentui/react-components';
import { isFinalStatus, statusLabel, type LetterStatus } from '@brevdue/shared';
import { useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import type { LetterView, ShipmentView } from '@brevdue/shared/api';
import { useArchiveRecords, type ArchiveLookup } from './archive-records.ts';
import { followShipment } from './follow-shipment.ts';
import { data, h } from './h.ts';
import { LetterLinks } from './letter-links.ts';
import { messages } from './messages.ts';
import { whoLine } from './preview-list.ts';
import { useStyles } from './styles.ts';

const COLOUR: Partial<Record<LetterStatus, 'success' | 'danger' | 'informative' | 'warning'>> = {
  delivered_digital: 'success',
  delivered_print: 'success',
  delivered_sms: 'success',
  failed: 'danger',
  cancelled: 'warning',
};

/** One letter: who, status (and the Norwegian word for a Digipost letter), channel, reason, proofs. */
export function LetterItem(props: { api: BrevdueApi; letter: LetterView; archive: ArchiveLookup }) {
  const s = useStyles();
  const l = props.letter;
  const who = whoLine(l.recipient);
  const copy = l.copyKind ? messages.copyKind[l.copyKind] : undefined;
  return h(
    'li',
    { className: s.listItem, ...data({ testid: 'letter', status: l.status }) },
    h(Text, { weight: 'semibold' }, who),
    copy ? h(Text, { size: 200, className: s.muted }, copy) : null,
    h(
      'div',
      { className: s.badges },
      h(
        Badge,
        { className: s.badge, appearance: 'filled', color: COLOUR[l.status] ?? 'informative' },
        messages.status[l.status] ?? l.status,
      ),
      l.provider === 'digipost'
        ? h(
            Badge,
            { className: s.badge, appearance: 'tint', lang: 'nb', title: messages.digipostWord, ...data({ testid: 'status-nb' }) },
            statusLabel(l.status).nb,
          )
        : null,
      l.channel ? h(Badge, { className: s.badge, appearance: 'outline' }, messages.channel[l.channel] ?? l.channel) : null,
    ),
    l.reason ? h(Text, { size: 200, ...data({ testid: 'letter-reason' }) }, l.reason) : null,
    h(LetterLinks, { api: props.api, letter: l, archive: props.archive, who }),
  );
}

export function LetterStatusList(props: { api: BrevdueApi; shipment: ShipmentView }) {
  const s = useStyles();
  const [letters, setLetters] = useState(props.shipment.letters);
  const [lost, setLost] = useState(false);
  const done = letters.every((l) => isFinalStatus(l.status));
  // The archive records of every letter in one request, once all are final (they are filed then).
  const archive = useArchiveRecords(props.api, letters, done);
  useEffect(
    () => (done ? undefined : followShipment(props.api, props.shipment.id, { letters: setLetters, lost: setLost })),
    [done, props.api, props.shipment.id],
  );
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'status-title', ...data({ testid: 'status' }) },
    h(Text, { id: 'status-title', weight: 'semibold', size: 400, as: 'h2' }, messages.statusTitle),
    // Only the statuses are announced as they change, not the links beside them.
    h(
      'ul',
      { className: s.list, 'aria-live': 'polite' },
      ...letters.map((l) => h(LetterItem, { key: l.id, api: props.api, letter: l, archive })),
    ),
    lost && !done ? h(Text, { size: 200, className: s.muted }, messages.connectionLost) : null,
  );
}
