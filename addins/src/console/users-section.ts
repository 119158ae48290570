/**
 * @module
 * Brugere: the organisation's staff with roles and teams, searched and paged on the server
 * (`GET /v1/users`), and the API tokens of systems. An admin adds colleagues, changes roles and
 * teams, disables and enables them, and creates and revokes tokens; an auditor sees the staff
 * and none of those controls (the policy table gives only admins `POST`/`PATCH /v1/users` and
 * the token routes, and the API refuses anyone else anyway). The search is kept in the URL.
 */
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { replaceQuery } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { TokensPanel } from './tokens-panel.ts';
import { UsersApi, type UserView } from './users-api.ts';
import { UserDialog } from './users-dialog.ts';
import { loadState } from './load-state.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

/** People per page. */
export const USERS_PAGE_SIZE = 25;

function stateFromUrl(): { q: string; page: number } {
  const p = new URLSearchParams(location.search);
  return { q: p.get('q') ?? '', page: Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1) };
}

function keepInUrl(q: string, page: number): void {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (page > 1) p.set('page', String(page));
  replaceQuery(p.toString());
}

function UserRow(props: { user: UserView; admin: boolean; busy: boolean; edit: () => void; toggle: () => void }) {
  const { t, locale } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const u = props.user;
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) : a.never);
  return h(
    TableRow,
    { ...{ 'data-user': u.upn ?? u.id } },
    h(TableCell, null, u.name),
    h(TableCell, null, h('span', { className: s.mono }, u.upn ?? '')),
    h(TableCell, null, u.roles.map((r) => t.roles[r] ?? r).join(', ')),
    h(TableCell, null, u.teams.join(', ')),
    h(
      TableCell,
      null,
      h(
        Badge,
        { appearance: 'tint', color: u.disabled ? 'danger' : 'success', ...{ 'data-testid': 'user-state' } },
        u.disabled ? a.disabled : a.active,
      ),
    ),
    h(TableCell, null, when(u.lastSignInAt)),
    props.admin
      ? h(
          TableCell,
          null,
          h(
            'span',
            { className: s.actions },
            h(Button, { size: 'small', disabled: props.busy, 'aria-label': a.editUserFor(u.name), onClick: props.edit }, a.editUser),
            h(
              Button,
              {
                size: 'small',
                disabled: props.busy,
                'aria-label': u.disabled ? a.enableFor(u.name) : a.disableFor(u.name),
                onClick: props.toggle,
              },
              u.disabled ? a.enable : a.disable,
            ),
          ),
        )
      : null,
  );
}

export function UsersSection() {
  const { t, api, roles } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const users = useMemo(() => new UsersApi(api.api), [api]);
  // Only admins may change users or see tokens (policy.ts): nobody else is shown the controls.
  const admin = roles.includes('admin');
  const [initial] = useState(stateFromUrl);
  const [text, setText] = useState(initial.q);
  const [q, setQ] = useState(initial.q);
  const [page, setPage] = useState(initial.page);
  const list = useLoad(() => users.users(q, page, USERS_PAGE_SIZE), [users, q, page]);
  const [dialog, setDialog] = useState<{ user?: UserView }>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  const go = (nq: string, np: number) => {
    setQ(nq);
    setPage(np);
    keepInUrl(nq, np);
  };
  const toggle = async (u: UserView) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await users.updateUser(u.id, { disabled: !u.disabled });
      setMessage({ intent: 'success', text: saved.disabled ? a.userDisabled(saved.name) : a.userEnabled(saved.name) });
      list.reload();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const v = list.value;
  const pages = v ? Math.max(1, Math.ceil(v.total / v.pageSize)) : 1;
  const columns: [string, string][] = [
    [a.colName, '18%'],
    [a.colUpn, '22%'],
    [a.colRoles, '16%'],
    [a.colTeams, '12%'],
    [a.colState, '10%'],
    [a.colLastSignIn, '12%'],
  ];
  const table = v
    ? h(
        DataTable,
        { label: a.usersLabel, testId: 'users-table', columns: admin ? [...columns, [t.colActions, '16%'] as [string, string]] : columns },
        v.users.map((u) =>
          h(UserRow, { key: u.id, user: u, admin, busy, edit: () => setDialog({ user: u }), toggle: () => void toggle(u) }),
        ),
      )
    : null;

  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, a.usersIntro),
    h(Text, { as: 'h2', size: 500, weight: 'semibold' }, a.usersHeading),
    admin ? null : h(Text, { as: 'p', ...{ 'data-testid': 'users-read-only' } }, a.readOnly),
    message
      ? h(
          MessageBar,
          { intent: message.intent },
          h(MessageBarBody, { role: message.intent === 'error' ? 'alert' : 'status', ...{ 'data-testid': 'users-message' } }, message.text),
        )
      : null,
    h(
      'form',
      {
        className: s.row,
        role: 'search',
        onSubmit: submitted(() => go(text.trim(), 1)),
      },
      h(
        Field,
        { label: a.usersSearch, className: s.grow },
        h(Input, { value: text, onChange: (_: unknown, d: { value: string }) => setText(d.value), ...{ 'data-testid': 'users-q' } }),
      ),
      h(Button, { type: 'submit', appearance: 'primary', ...{ 'data-testid': 'users-search' } }, t.search),
      admin ? h(Button, { onClick: () => setDialog({}), ...{ 'data-testid': 'user-create' } }, a.createUser) : null,
    ),
    loadState(t, list, { isEmpty: (x) => x.users.length === 0, text: a.noUsers, role: 'status' }) ??
      h(
        'div',
        { className: s.form, 'aria-busy': list.loading },
        table,
        h(
          'div',
          { className: s.actions },
          h(Button, { disabled: page <= 1 || list.loading, onClick: () => go(q, page - 1) }, t.previous),
          h(Text, { role: 'status', ...{ 'data-testid': 'users-page' } }, a.usersPage(v!.page, pages, v!.total)),
          h(Button, { disabled: page >= pages || list.loading, onClick: () => go(q, page + 1) }, t.next),
        ),
      ),
    admin ? h(TokensPanel, { users }) : null,
    dialog
      ? h(UserDialog, {
          users,
          ...(dialog.user ? { user: dialog.user } : {}),
          onClose: () => setDialog(undefined),
          onDone: (u) => {
            setMessage({ intent: 'success', text: dialog.user ? a.userSaved(u.name) : a.userCreated(u.name) });
            setDialog(undefined);
            list.reload();
          },
        })
      : null,
  );
}
