/**
 * @module
 * What would happen per recipient: registration and channel (from `POST /v1/shipments/preview`).
 */
import { Badge, Text } from '@fluentui/react-components';
import { maskCpr } from '@brevdue/shared';
import type { ShipmentPreview } from '@brevdue/shared/api';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

/** Shows the display id: CPR numbers masked on screen. */
export function displayId(idType: string, id: string): string {
  return idType === 'CPR' && /^\d{10}$/.test(id) ? maskCpr(id) : id;
}

export function PreviewList(props: { preview: ShipmentPreview }) {
  const s = useStyles();
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'preview-title', ...data({ testid: 'preview' }) },
    h(Text, { id: 'preview-title', weight: 'semibold', size: 400, as: 'h2' }, messages.previewTitle),
    h(
      'ul',
      { className: s.list },
      ...props.preview.recipients.map((p, i) =>
        h(
          'li',
          { key: i, className: s.listItem },
          h(Text, { weight: 'semibold' }, `${p.recipient.idType} ${displayId(p.recipient.idType, p.recipient.id)}${p.recipient.name ? ` · ${p.recipient.name}` : ''}`),
          h(
            'div',
            { className: s.badges },
            h(Badge, { className: s.badge, appearance: 'tint', color: p.registration === 'digital' ? 'success' : 'warning' }, messages.registration[p.registration] ?? p.registration),
            h(Badge, { className: s.badge, appearance: 'outline', color: p.channel ? 'brand' : 'danger', ...data({ testid: `preview-channel-${i}` }) }, p.channel ? (messages.channel[p.channel] ?? p.channel) : messages.noChannel),
          ),
          ...p.warnings.map((w, j) => h(Text, { key: j, size: 200, className: s.muted }, w)),
        ),
      ),
    ),
    ...props.preview.warnings.map((w, j) => h(Text, { key: `w${j}`, size: 200 }, w)),
  );
}
