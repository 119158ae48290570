/**
 * @module
 * What would happen per recipient: registration and channel (from `POST /v1/shipments/preview`),
 * the letter's own document for merge letters, and a leak-guard hold with its reason.
 */
import { Badge, Text } from '@fluentui/react-components';
import { maskCpr } from '@brevdue/shared';
import type { ShipmentPreview } from '@brevdue/shared/api';
import { data, h } from './h.ts';
import { mergeText, messages } from './messages.ts';
import { useStyles } from './styles.ts';

/** Shows the display id: CPR numbers masked on screen. */
export function displayId(idType: string, id: string): string {
  return idType === 'CPR' && /^\d{10}$/.test(id) ? maskCpr(id) : id;
}

/** `ownDocuments`: show which documents each letter carries (merge letters, where they differ). */
export function PreviewList(props: { preview: ShipmentPreview; ownDocuments?: boolean }) {
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
          h(
            Text,
            { weight: 'semibold' },
            `${p.recipient.idType} ${displayId(p.recipient.idType, p.recipient.id)}${p.recipient.name ? ` · ${p.recipient.name}` : ''}`,
          ),
          h(
            'div',
            { className: s.badges },
            h(
              Badge,
              { className: s.badge, appearance: 'tint', color: p.registration === 'digital' ? 'success' : 'warning' },
              messages.registration[p.registration] ?? p.registration,
            ),
            h(
              Badge,
              {
                className: s.badge,
                appearance: 'outline',
                color: p.channel ? 'brand' : 'danger',
                ...data({ testid: `preview-channel-${i}` }),
              },
              p.channel ? (messages.channel[p.channel] ?? p.channel) : messages.noChannel,
            ),
            p.hold
              ? h(
                  Badge,
                  { className: s.badge, appearance: 'filled', color: 'danger', ...data({ testid: `preview-hold-${i}` }) },
                  mergeText.held,
                )
              : null,
          ),
          // A merge letter's own document, so the sender sees each gets only its own pages.
          p.documents && p.documents.length && props.ownDocuments
            ? h(
                Text,
                { size: 200, className: s.muted, ...data({ testid: `preview-document-${i}` }) },
                p.documents.map((d) => mergeText.ownDocument(d.filename, d.pages)).join('; '),
              )
            : null,
          p.hold
            ? h(
                Text,
                { size: 200, className: s.warningText, role: 'alert', ...data({ testid: `preview-hold-reason-${i}` }) },
                p.hold.reason,
              )
            : null,
          // The hold's reason is shown above; the platform lists it among the warnings as well.
          ...p.warnings.filter((w) => w !== p.hold?.reason).map((w, j) => h(Text, { key: j, size: 200, className: s.muted }, w)),
        ),
      ),
    ),
    ...props.preview.warnings.map((w, j) => h(Text, { key: `w${j}`, size: 200 }, w)),
  );
}
