/**
 * @module
 * Modtaget post: received post, paged on the server. Team leads start at the queue of post not
 * yet distributed and assign it to a team or a colleague; whoever has the post opens its
 * documents and marks it done. A reply shows the letter it answers. The sender is shown masked
 * as the list answers it; the detail call (which names the sender in full) is never used here.
 */
import {
  Button,
  Card,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  TableCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { Fragment, useState } from 'react';
import { h } from '../common/h.ts';
import type { InboxFilters, InboxItem } from './console-api.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { loadState } from './load-state.ts';
import { recipientLabel } from './failed-letters-section.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

const PAGE_SIZE = 25;
const LEADS = ['teamlead', 'admin'];
const WORKERS = ['sender', 'teamlead', 'admin'];

function senderLabel(m: InboxItem): string {
  return `${m.sender.idType} ${m.sender.id}${m.sender.name ? ` – ${m.sender.name}` : ''}`;
}

/** Who the post is assigned to, in words (a user is shown by the start of its id: the inbox names no users). */
function useAssignedLabel(): (m: InboxItem) => string {
  const { t } = useConsole();
  return (m) => {
    const parts = [m.assignedTo?.team, m.assignedTo?.user ? `${t.user.toLowerCase()} ${m.assignedTo.user.slice(0, 8)}` : null];
    return parts.filter(Boolean).join(', ') || t.notAssigned;
  };
}

/** Saves a blob under `filename` through a temporary link (the document is never opened in our origin). */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The letter a reply answers: its subject, when it was sent and to whom (masked). */
function ReplyTo(props: { replyTo: NonNullable<InboxItem['replyTo']> }) {
  const { t, api, locale } = useConsole();
  const sent = useLoad(async () => {
    const s = await api.shipment(props.replyTo.shipmentId);
    const l = s.letters.find((x) => x.id === props.replyTo.letterId);
    if (!l) throw new Error('not found');
    return { subject: s.subject, letter: l };
  }, [api, props.replyTo.shipmentId, props.replyTo.letterId]);
  const text = sent.value
    ? t.replyToLetter(
        sent.value.subject,
        new Date(sent.value.letter.submittedAt ?? sent.value.letter.createdAt).toLocaleString(locale, {
          dateStyle: 'short',
          timeStyle: 'short',
        }),
        recipientLabel(sent.value.letter),
      )
    : sent.loading
      ? t.loading
      : t.replyToUnknown(props.replyTo.letterId.slice(0, 8));
  // Two more rows of the message's facts list.
  return h(Fragment, null, h('dt', null, t.replyTo), h('dd', { ...{ 'data-testid': 'reply-to' } }, text));
}

function Message(props: { item: InboxItem; onChanged: (m: InboxItem) => void; onBack: () => void }) {
  const { t, api, roles } = useConsole();
  const s = useConsoleStyles();
  const assignedLabel = useAssignedLabel();
  const m = props.item;
  const [team, setTeam] = useState('');
  const [user, setUser] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();
  const may = (who: string[]) => who.some((r) => roles.includes(r));

  const act = async (what: () => Promise<string | undefined>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const text = await what();
      if (text) setMessage({ intent: 'success', text });
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  // The answer may name the sender in full: only its status and assignment are kept.
  const keep = (a: InboxItem): InboxItem => ({ ...m, status: a.status, assignedTo: a.assignedTo });
  const assign = () => {
    if (!team.trim() && !user.trim()) return setMessage({ intent: 'error', text: t.assignNeedsTarget });
    void act(async () => {
      const a = keep(
        await api.assign(m.id, { ...(team.trim() ? { team: team.trim() } : {}), ...(user.trim() ? { user: user.trim() } : {}) }),
      );
      props.onChanged(a);
      return t.assigned(assignedLabel(a));
    });
  };
  const done = () =>
    void act(async () => {
      props.onChanged(keep(await api.markDone(m.id)));
      return t.markedDone;
    });
  const download = (d: InboxItem['documents'][number]) =>
    void act(async () => {
      save(await api.inboxDocument(m.id, d.id), d.filename);
      return undefined;
    });

  return h(
    Card,
    { className: s.form, ...{ 'data-testid': 'inbox-message' } },
    h(Link, { as: 'button', onClick: props.onBack }, t.backToInbox),
    h(Text, { as: 'h2', size: 500, weight: 'semibold' }, m.subject),
    h(
      'dl',
      { className: s.facts },
      h('dt', null, t.colSender),
      h('dd', null, senderLabel(m)),
      h('dt', null, t.inboxStatus),
      h('dd', { ...{ 'data-testid': 'message-status' } }, t.inboxStatuses[m.status] ?? m.status),
      h('dt', null, t.colAssigned),
      h('dd', { ...{ 'data-testid': 'message-assigned' } }, assignedLabel(m)),
      m.replyTo ? h(ReplyTo, { replyTo: m.replyTo }) : null,
    ),
    message
      ? h(
          MessageBar,
          { intent: message.intent },
          h(
            MessageBarBody,
            { role: message.intent === 'error' ? 'alert' : 'status', ...{ 'data-testid': 'message-result' } },
            message.text,
          ),
        )
      : null,
    h(Text, { as: 'h3', weight: 'semibold', size: 300 }, t.documents),
    h(
      'div',
      { className: s.actions },
      m.documents.map((d) => h(Button, { key: d.id, disabled: busy, onClick: () => download(d) }, t.download(d.filename))),
    ),
    may(LEADS) && m.status !== 'done'
      ? h(
          'form',
          {
            onSubmit: submitted(assign),
          },
          h(
            'fieldset',
            { className: s.filters },
            h('legend', { className: s.muted }, t.assignHeading),
            h(
              Field,
              { label: t.team },
              h(Input, { value: team, onChange: (_, d) => setTeam(d.value), ...{ 'data-testid': 'assign-team' } }),
            ),
            h(
              Field,
              { label: t.user, hint: t.userHint },
              h(Input, { value: user, onChange: (_, d) => setUser(d.value), ...{ 'data-testid': 'assign-user' } }),
            ),
            h(
              'div',
              { className: s.actions },
              h(Button, { type: 'submit', appearance: 'primary', disabled: busy, ...{ 'data-testid': 'assign' } }, t.assign),
            ),
          ),
        )
      : null,
    may(WORKERS) && m.status !== 'done'
      ? h('div', null, h(Button, { disabled: busy, onClick: done, ...{ 'data-testid': 'mark-done' } }, t.markDone))
      : null,
  );
}

export function InboxSection() {
  const { t, api, locale, roles } = useConsole();
  const s = useConsoleStyles();
  const assignedLabel = useAssignedLabel();
  const lead = LEADS.some((r) => roles.includes(r));
  const [form, setForm] = useState<InboxFilters>({ status: lead ? 'unassigned' : '', text: '' });
  const [filters, setFilters] = useState(form);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<InboxItem>();
  const list = useLoad(() => api.inbox(filters, page, PAGE_SIZE), [api, filters, page]);

  if (open)
    return h(Message, {
      item: open,
      onChanged: (m) => {
        setOpen(m);
        list.reload();
      },
      onBack: () => setOpen(undefined),
    });

  const value = list.value;
  const pages = value ? Math.max(1, Math.ceil(value.total / PAGE_SIZE)) : 1;
  const search = h(
    'form',
    {
      className: s.filters,
      onSubmit: submitted(() => {
        setPage(1);
        setFilters(form);
      }),
    },
    h(
      Field,
      { label: t.inboxStatus },
      h(
        Select,
        {
          value: form.status,
          onChange: (_, d) => setForm({ ...form, status: d.value as InboxFilters['status'] }),
          ...{ 'data-testid': 'inbox-status' },
        },
        h('option', { value: '' }, t.allStatuses),
        (['unassigned', 'assigned', 'done'] as const).map((k) => h('option', { key: k, value: k }, t.inboxStatuses[k])),
      ),
    ),
    h(
      Field,
      { label: t.inboxText },
      h(Input, { value: form.text, onChange: (_, d) => setForm({ ...form, text: d.value }), ...{ 'data-testid': 'inbox-text' } }),
    ),
    h(
      'div',
      { className: s.actions },
      h(Button, { type: 'submit', appearance: 'primary', ...{ 'data-testid': 'inbox-search' } }, t.search),
    ),
  );

  const table = (items: InboxItem[]) =>
    h(
      DataTable,
      { label: t.inboxLabel, testId: 'inbox-table', columns: [t.colReceived, t.colSender, t.colSubject, t.colAssigned, t.inboxStatus] },
      items.map((m) =>
        h(
          TableRow,
          { key: m.id, ...{ 'data-message': m.id } },
          h(TableCell, null, new Date(m.receivedAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })),
          h(TableCell, null, senderLabel(m)),
          h(TableCell, null, h(Link, { as: 'button', 'aria-label': t.openMessageFor(m.subject), onClick: () => setOpen(m) }, m.subject)),
          h(TableCell, null, assignedLabel(m)),
          h(TableCell, null, t.inboxStatuses[m.status] ?? m.status),
        ),
      ),
    );

  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.inboxIntro),
    search,
    loadState(t, list, { isEmpty: (v) => v.items.length === 0, text: t.noInbox, role: 'status' }) ??
      h(
        'div',
        { className: s.form },
        table(value?.items ?? []),
        h(
          'div',
          { className: s.actions },
          h(Button, { disabled: page <= 1, onClick: () => setPage(page - 1) }, t.previous),
          h(Text, { role: 'status', ...{ 'data-testid': 'inbox-page' } }, t.inboxPage(page, pages, value?.total ?? 0)),
          h(Button, { disabled: page >= pages, onClick: () => setPage(page + 1) }, t.next),
        ),
      ),
  );
}
