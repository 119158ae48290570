/**
 * @module
 * The letter before it goes, per recipient (from `POST /v1/shipments/preview`): the name where the
 * platform knows it, the number (CPR masked), registration and channel, the action the letter
 * carries, its copies (custody holders, manual copies), a thumbnail of its first page that opens
 * every page, the letter's own document for merge letters, and a leak-guard hold with its reason.
 */
import { Badge, Text } from '@fluentui/react-components';
import { maskCpr, type Action } from '@brevdue/shared';
import type { PreviewCopy, ShipmentPreview } from '@brevdue/shared/api';
import type { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { LetterPagesView } from './letter-pages-view.ts';
import { currentLanguage, mergeText, messages } from './messages.ts';
import { useStyles } from './styles.ts';

/** Shows the display id: CPR numbers masked on screen. */
export function displayId(idType: string, id: string): string {
  return idType === 'CPR' && /^\d{10}$/.test(id) ? maskCpr(id) : id;
}

/** Who, as a line: the name first where known, then type and number (and P-number). */
export function whoLine(r: { idType: string; id: string; name?: string; pNumber?: string }): string {
  const number = `${r.idType} ${displayId(r.idType, r.id)}${r.pNumber ? ` · ${messages.pUnitShort(r.pNumber)}` : ''}`;
  return r.name ? `${r.name} · ${number}` : number;
}

const when = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(currentLanguage() === 'en' ? 'en-GB' : 'da-DK', { dateStyle: 'medium', timeStyle: 'short' });
};

/** One line about the action: its name, the button text and the detail that matters most. */
export function actionLine(a: Action): string {
  const detail =
    'start' in a && a.start
      ? when(a.start)
      : 'dueDate' in a && a.dueDate
        ? a.dueDate
        : 'deadline' in a && a.deadline
          ? when(a.deadline)
          : '';
  return [messages.actionNames[a.code], `"${a.label}"`, detail].filter(Boolean).join(' · ');
}

function ChannelBadges(props: { p: Pick<PreviewCopy, 'registration' | 'channel'>; testid?: string }) {
  const s = useStyles();
  const { p } = props;
  return h(
    'div',
    { className: s.badges },
    h(
      Badge,
      {
        className: s.badge,
        appearance: 'outline',
        color: p.channel ? 'brand' : 'danger',
        ...(props.testid ? data({ testid: props.testid }) : {}),
      },
      p.channel ? (messages.channel[p.channel] ?? p.channel) : messages.noChannel,
    ),
    h(
      Badge,
      { className: s.badge, appearance: 'tint', color: p.registration === 'digital' ? 'success' : 'warning' },
      messages.registration[p.registration] ?? p.registration,
    ),
  );
}

function CopyItem(props: { copy: PreviewCopy; i: number; k: number }) {
  const s = useStyles();
  const c = props.copy;
  const kind = `${messages.copyKind[c.copyKind] ?? c.copyKind}${c.relation ? ` (${messages.relation[c.relation] ?? c.relation})` : ''}`;
  return h(
    'li',
    { className: s.copyItem, ...data({ testid: `preview-copy-${props.i}-${props.k}` }) },
    h(Text, { size: 200, weight: 'semibold', block: true }, whoLine(c.recipient)),
    h(Text, { size: 200, className: s.muted, block: true }, kind),
    h(ChannelBadges, { p: c }),
    c.hold ? h(Text, { size: 200, className: s.warningText, role: 'alert' }, c.hold.reason) : null,
    ...c.warnings.filter((w) => w !== c.hold?.reason).map((w, j) => h(Text, { key: j, size: 200, className: s.muted, block: true }, w)),
  );
}

/**
 * `ownDocuments`: show which documents each letter carries (merge letters, where they differ).
 * `actions`: the actions every letter carries, as the form holds them.
 */
export function PreviewList(props: { api: BrevdueApi; preview: ShipmentPreview; actions: readonly Action[]; ownDocuments?: boolean }) {
  const s = useStyles();
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'preview-title', ...data({ testid: 'preview' }) },
    h(Text, { id: 'preview-title', weight: 'semibold', size: 400, as: 'h2' }, messages.previewTitle),
    h(
      'ul',
      { className: s.list },
      ...props.preview.recipients.map((p, i) => {
        const main = p.documents?.find((d) => d.role === 'main');
        const who = whoLine(p.recipient);
        return h(
          'li',
          { key: i, className: s.previewItem, ...data({ testid: `preview-recipient-${i}` }) },
          main ? h(LetterPagesView, { api: props.api, documentId: main.id, label: messages.letterTo(p.recipient.name ?? who) }) : null,
          h(
            'div',
            { className: s.previewText },
            h(Text, { weight: 'semibold', block: true, ...data({ testid: `preview-name-${i}` }) }, who),
            h(ChannelBadges, { p, testid: `preview-channel-${i}` }),
            p.hold
              ? h(
                  Badge,
                  { className: s.badge, appearance: 'filled', color: 'danger', ...data({ testid: `preview-hold-${i}` }) },
                  mergeText.held,
                )
              : null,
            ...props.actions.map((a, j) =>
              h(
                Text,
                { key: `a${j}`, size: 200, block: true, ...data({ testid: `preview-action-${i}` }) },
                `${messages.previewActions}: ${actionLine(a)}`,
              ),
            ),
            // A merge letter's own document, so the sender sees each gets only its own pages.
            p.documents && p.documents.length && props.ownDocuments
              ? h(
                  Text,
                  { size: 200, className: s.muted, block: true, ...data({ testid: `preview-document-${i}` }) },
                  p.documents.map((d) => mergeText.ownDocument(d.filename, d.pages)).join('; '),
                )
              : null,
            p.hold
              ? h(
                  Text,
                  { size: 200, className: s.warningText, role: 'alert', block: true, ...data({ testid: `preview-hold-reason-${i}` }) },
                  p.hold.reason,
                )
              : null,
            // The hold's reason is shown above; the platform lists it among the warnings as well.
            ...p.warnings
              .filter((w) => w !== p.hold?.reason)
              .map((w, j) => h(Text, { key: `w${j}`, size: 200, className: s.muted, block: true }, w)),
            p.copies?.length
              ? h(
                  'div',
                  null,
                  h(Text, { size: 200, weight: 'semibold', block: true }, `${messages.previewCopies} (${p.copies.length})`),
                  h('ul', { className: s.copyList }, ...p.copies.map((c, k) => h(CopyItem, { key: k, copy: c, i, k }))),
                )
              : null,
          ),
        );
      }),
    ),
    ...props.preview.warnings.map((w, j) => h(Text, { key: `w${j}`, size: 200 }, w)),
  );
}
