/**
 * @module
 * The dialog that adds a colleague (sign-in name, name, roles, teams) or changes the roles and
 * teams of one. The API checks again and names the field it refuses, which is shown there.
 */
import { Checkbox, Field, Input, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { STAFF_ROLES } from '@brevdue/shared/api';
import { ApiError } from '../common/api-client.ts';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import type { StaffRole, UserView, UsersApi } from './users-api.ts';
import { FormDialog } from './form-dialog.ts';

const TEAM = /^[a-z0-9][a-z0-9-]{0,40}$/;

interface Form {
  upn: string;
  name: string;
  roles: StaffRole[];
  teams: string;
}

type FieldName = 'upn' | 'name' | 'roles' | 'teams';

/** The teams typed, split on commas; a bad one is named. */
export function parseTeams(text: string): { teams: string[] } | { bad: string } {
  const teams = text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = teams.find((x) => !TEAM.test(x));
  return bad === undefined ? { teams: [...new Set(teams)] } : { bad };
}

/** Adds a user (`user` absent) or edits one's roles and teams; `onDone` with the user as saved. */
export function UserDialog(props: { users: UsersApi; user?: UserView; onClose: () => void; onDone: (u: UserView) => void }) {
  const { t } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const editing = props.user;
  const [form, setForm] = useState<Form>({
    upn: editing?.upn ?? '',
    name: editing?.name ?? '',
    roles: (editing?.roles ?? []).filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r)),
    teams: (editing?.teams ?? []).join(', '),
  });
  const [error, setError] = useState<{ text: string; field?: FieldName }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(undefined);
    if (!editing && !form.upn.trim()) return setError({ text: a.upnMissing, field: 'upn' });
    if (!editing && !form.name.trim()) return setError({ text: a.nameMissing, field: 'name' });
    if (form.roles.length === 0) return setError({ text: a.rolesMissing, field: 'roles' });
    const teams = parseTeams(form.teams);
    if ('bad' in teams) return setError({ text: a.teamsInvalid(teams.bad), field: 'teams' });
    setBusy(true);
    try {
      const saved = editing
        ? await props.users.updateUser(editing.id, { roles: form.roles, teams: teams.teams })
        : await props.users.createUser({ upn: form.upn.trim(), name: form.name.trim(), roles: form.roles, teams: teams.teams });
      props.onDone(saved);
    } catch (e) {
      const field = e instanceof ApiError ? (e.field?.split('.')[0] as FieldName | undefined) : undefined;
      setError({ text: (e as Error).message, ...(field && ['upn', 'name', 'roles', 'teams'].includes(field) ? { field } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const state = (k: FieldName) =>
    error?.field === k ? { validationState: 'error' as const, validationMessage: error.text } : { validationState: 'none' as const };
  const text = (k: 'upn' | 'name' | 'teams', label: string, extra: Record<string, unknown> = {}) =>
    h(
      Field,
      { label, ...state(k), ...extra },
      h(Input, {
        value: form[k],
        onChange: (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value })),
        autoComplete: 'off',
        ...{ 'data-testid': `user-${k}` },
      }),
    );
  const toggleRole = (r: StaffRole, on: boolean) =>
    setForm((f) => ({ ...f, roles: on ? [...f.roles, r] : f.roles.filter((x) => x !== r) }));

  const title = editing ? a.editUserFor(editing.name) : a.createUser;
  return h(
    FormDialog,
    {
      title: title,
      busy: busy,
      onClose: props.onClose,
      onSubmit: () => void submit(),
      submitLabel: busy ? (editing ? a.saving : a.creating) : editing ? a.save : a.create,
      submitTestId: 'user-submit',
    },
    editing ? null : text('upn', a.upn, { hint: a.upnHint, required: true }),
    editing ? null : text('name', a.name, { required: true }),
    // A fieldset, not a Field: a Field gives its one control its id, and five checkboxes would share it.
    h(
      'fieldset',
      { style: { border: 0, margin: 0, padding: 0 }, 'aria-invalid': error?.field === 'roles' ? true : undefined },
      h('legend', { style: { padding: 0 } }, h(Text, { weight: 'semibold' }, a.roles)),
      h(
        'div',
        { className: s.row },
        STAFF_ROLES.map((r) =>
          h(Checkbox, {
            key: r,
            label: t.roles[r] ?? r,
            checked: form.roles.includes(r),
            onChange: (_: unknown, d: { checked: boolean | 'mixed' }) => toggleRole(r, d.checked === true),
            ...{ 'data-testid': `user-role-${r}` },
          }),
        ),
      ),
      error?.field === 'roles' ? h(Text, { role: 'alert', style: { color: tokens.colorPaletteRedForeground1 } }, error.text) : null,
    ),
    text('teams', a.teams, { hint: a.teamsHint }),
    error && !error.field ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert' }, error.text)) : null,
  );
}
