/**
 * @module
 * The organisation's webhooks on Indstillinger (admins): add one (its signing secret shown once),
 * list them, delete one after a second click. The API checks the address against the egress
 * rules and says why it refuses one.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import type { SettingsApi, WebhookView } from './settings-api.ts';
import { SecretOnce } from './tokens-secret.ts';
import { loadState } from './load-state.ts';
import { useLoad } from './use-load.ts';
import { submitted } from './form-submit.ts';

export function WebhooksPanel(props: { settings: SettingsApi }) {
  const { t, locale } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const list = useLoad(() => props.settings.webhooks(), [props.settings]);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<{ text: string; onField: boolean }>();
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [asking, setAsking] = useState<string>();
  const [message, setMessage] = useState<string>();

  const add = async () => {
    setError(undefined);
    setMessage(undefined);
    if (!url.trim()) return setError({ text: a.webhookUrlMissing, onField: true });
    setBusy(true);
    try {
      const made = await props.settings.createWebhook(url.trim());
      setSecret(made.secret);
      setUrl('');
      list.reload();
    } catch (e) {
      setError({ text: (e as Error).message, onField: true });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (w: WebhookView) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await props.settings.deleteWebhook(w.id);
      setMessage(a.webhookDeleted(w.url));
      setAsking(undefined);
      list.reload();
    } catch (e) {
      setError({ text: (e as Error).message, onField: false });
    } finally {
      setBusy(false);
    }
  };

  const row = (w: WebhookView) =>
    h(
      TableRow,
      { key: w.id },
      h(TableCell, null, h('span', { className: s.mono }, w.url)),
      h(TableCell, null, new Date(w.createdAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })),
      h(
        TableCell,
        null,
        asking === w.id
          ? h(
              'span',
              { className: s.actions },
              h(
                Button,
                {
                  size: 'small',
                  appearance: 'primary',
                  disabled: busy,
                  'aria-label': a.confirmDeleteFor(w.url),
                  onClick: () => void remove(w),
                },
                a.confirmDelete,
              ),
              h(Button, { size: 'small', disabled: busy, onClick: () => setAsking(undefined) }, a.keep),
            )
          : h(
              Button,
              { size: 'small', disabled: busy, 'aria-label': a.deleteWebhookFor(w.url), onClick: () => setAsking(w.id) },
              a.deleteWebhook,
            ),
      ),
    );

  const hooks = list.value ?? [];
  return h(
    'section',
    { className: s.form, 'aria-labelledby': 'webhooks-heading' },
    h(Text, { as: 'h2', size: 500, weight: 'semibold', id: 'webhooks-heading' }, a.webhooksHeading),
    h(Text, { as: 'p', className: s.muted }, a.webhooksIntro),
    secret ? h(SecretOnce, { title: a.webhookCreated, secret, testId: 'webhook-secret', onDismiss: () => setSecret(undefined) }) : null,
    message ? h(MessageBar, { intent: 'success' }, h(MessageBarBody, { role: 'status' }, message)) : null,
    error && !error.onField ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert' }, error.text)) : null,
    h(
      'form',
      {
        className: s.row,
        onSubmit: submitted(() => void add()),
      },
      h(
        Field,
        {
          label: a.webhookUrl,
          className: s.grow,
          ...(error?.onField ? { validationState: 'error' as const, validationMessage: error.text } : {}),
        },
        h(Input, {
          type: 'url',
          value: url,
          onChange: (_: unknown, d: { value: string }) => setUrl(d.value),
          ...{ 'data-testid': 'webhook-url' },
        }),
      ),
      h(Button, { type: 'submit', disabled: busy, ...{ 'data-testid': 'webhook-add' } }, a.addWebhook),
    ),
    loadState(t, list, { isEmpty: (v) => v.length === 0, text: a.noWebhooks }, { retry: false }) ??
      h(
        DataTable,
        {
          label: a.webhooksLabel,
          testId: 'webhooks-table',
          columns: [
            [a.colUrl, '60%'],
            [a.colCreated, '20%'],
            [t.colActions, '20%'],
          ],
        },
        hooks.map(row),
      ),
  );
}
