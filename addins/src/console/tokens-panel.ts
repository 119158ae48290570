/**
 * @module
 * API tokens for systems, on Brugere (admins only): create one (the secret shown once, to copy),
 * list them (never a secret: the first characters recognise one), revoke one after a second
 * click — refused by the API from the next request on.
 */
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Select, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { STAFF_ROLES } from '@brevdue/shared/api';
import { ApiError } from '../common/api-client.ts';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { SecretOnce } from './tokens-secret.ts';
import { loadState } from './load-state.ts';
import { useLoad } from './use-load.ts';
import type { CreatedTokenView, StaffRole, TokenView, UsersApi } from './users-api.ts';
import { parseTeams } from './users-dialog.ts';
import { submitted } from './form-submit.ts';

interface Form {
  name: string;
  role: StaffRole;
  team: string;
  expires: string;
}

const EMPTY: Form = { name: '', role: 'sender', team: '', expires: '' };

function TokenRow(props: { token: TokenView; busy: boolean; asking: boolean; ask: (on: boolean) => void; revoke: () => void }) {
  const { t, locale } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const k = props.token;
  const when = (iso: string | null, none: string) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) : none;
  const expired = k.expiresAt !== null && Date.parse(k.expiresAt) <= Date.now();
  const state = k.revokedAt ? a.revoked : expired ? a.expired : a.active;
  const live = !k.revokedAt && !expired;
  const control = !live
    ? null
    : props.asking
      ? h(
          'span',
          { className: s.actions },
          h(
            Button,
            { size: 'small', appearance: 'primary', disabled: props.busy, 'aria-label': a.confirmRevokeFor(k.name), onClick: props.revoke },
            a.confirmRevoke,
          ),
          h(Button, { size: 'small', disabled: props.busy, onClick: () => props.ask(false) }, a.keep),
        )
      : h(Button, { size: 'small', disabled: props.busy, 'aria-label': a.revokeFor(k.name), onClick: () => props.ask(true) }, a.revoke);
  return h(
    TableRow,
    { ...{ 'data-token': k.id } },
    h(TableCell, null, k.name),
    h(TableCell, null, t.roles[k.role] ?? k.role),
    h(TableCell, null, k.team ?? ''),
    h(TableCell, null, h('span', { className: s.mono }, `${k.prefix}…`)),
    h(TableCell, null, when(k.lastUsedAt, a.never)),
    h(TableCell, null, when(k.expiresAt, a.noExpiry)),
    h(TableCell, null, h(Badge, { appearance: 'tint', color: live ? 'success' : 'subtle', ...{ 'data-testid': 'token-state' } }, state)),
    h(TableCell, null, control),
  );
}

export function TokensPanel(props: { users: UsersApi }) {
  const { t } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const list = useLoad(() => props.users.tokens(), [props.users]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<{ text: string; field?: keyof Form }>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedTokenView>();
  const [asking, setAsking] = useState<string>();
  const [message, setMessage] = useState<string>();

  const create = async () => {
    setError(undefined);
    setMessage(undefined);
    if (!form.name.trim()) return setError({ text: a.tokenNameMissing, field: 'name' });
    const team = parseTeams(form.team);
    if ('bad' in team) return setError({ text: a.teamsInvalid(team.bad), field: 'team' });
    setBusy(true);
    try {
      const made = await props.users.createToken({
        name: form.name.trim(),
        role: form.role,
        ...(team.teams[0] ? { team: team.teams[0] } : {}),
        // The end of the chosen local day.
        ...(form.expires ? { expiresAt: new Date(`${form.expires}T23:59:59`).toISOString() } : {}),
      });
      setCreated(made);
      setForm(EMPTY);
      list.reload();
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined;
      const mapped = field === 'expiresAt' ? 'expires' : field === 'name' || field === 'team' || field === 'role' ? field : undefined;
      setError({ text: (e as Error).message, ...(mapped ? { field: mapped } : {}) });
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (k: TokenView) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await props.users.revokeToken(k.id);
      setMessage(a.tokenRevoked(k.name));
      setAsking(undefined);
      list.reload();
    } catch (e) {
      setError({ text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const state = (k: keyof Form) =>
    error?.field === k ? { validationState: 'error' as const, validationMessage: error.text } : { validationState: 'none' as const };
  const set = (k: keyof Form) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));

  const createForm = h(
    'form',
    {
      'aria-label': a.createToken,
      onSubmit: submitted(() => void create()),
    },
    h(
      'fieldset',
      { className: s.filters },
      h('legend', { className: s.muted }, a.createToken),
      h(
        Field,
        { label: a.tokenName, hint: a.tokenNameHint, required: true, ...state('name') },
        h(Input, { value: form.name, onChange: set('name'), autoComplete: 'off', ...{ 'data-testid': 'token-name' } }),
      ),
      h(
        Field,
        { label: a.colRole, ...state('role') },
        h(
          Select,
          { value: form.role, onChange: set('role'), ...{ 'data-testid': 'token-role' } },
          STAFF_ROLES.map((r) => h('option', { key: r, value: r }, t.roles[r] ?? r)),
        ),
      ),
      h(
        Field,
        { label: a.tokenTeam, ...state('team') },
        h(Input, { value: form.team, onChange: set('team'), autoComplete: 'off', ...{ 'data-testid': 'token-team' } }),
      ),
      h(
        Field,
        { label: a.tokenExpires, ...state('expires') },
        h(Input, { type: 'date', value: form.expires, onChange: set('expires'), ...{ 'data-testid': 'token-expires' } }),
      ),
      h(
        'div',
        { className: s.actions },
        h(
          Button,
          { type: 'submit', appearance: 'primary', disabled: busy, ...{ 'data-testid': 'token-submit' } },
          busy ? a.creating : a.create,
        ),
      ),
    ),
  );

  const tokens = list.value ?? [];
  return h(
    'section',
    { className: s.form, 'aria-labelledby': 'tokens-heading' },
    h(Text, { as: 'h2', size: 500, weight: 'semibold', id: 'tokens-heading' }, a.tokensHeading),
    h(Text, { as: 'p', className: s.muted }, a.tokensIntro),
    created
      ? h(SecretOnce, {
          title: a.tokenCreated(created.name),
          secret: created.token,
          testId: 'token-secret',
          onDismiss: () => setCreated(undefined),
        })
      : null,
    message
      ? h(MessageBar, { intent: 'success' }, h(MessageBarBody, { role: 'status', ...{ 'data-testid': 'token-message' } }, message))
      : null,
    error && !error.field ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert' }, error.text)) : null,
    createForm,
    loadState(t, list, { isEmpty: (v) => v.length === 0, text: a.noTokens }) ??
      h(
        DataTable,
        {
          label: a.tokensLabel,
          testId: 'tokens-table',
          columns: [
            [a.tokenName, '18%'],
            [a.colRole, '10%'],
            [a.colTeam, '10%'],
            [a.colPrefix, '11%'],
            [a.colLastUsed, '12%'],
            [a.colExpires, '12%'],
            [a.colState, '10%'],
            [t.colActions, '17%'],
          ],
        },
        tokens.map((k) =>
          h(TokenRow, {
            key: k.id,
            token: k,
            busy,
            asking: asking === k.id,
            ask: (on) => setAsking(on ? k.id : undefined),
            revoke: () => void revoke(k),
          }),
        ),
      ),
  );
}
