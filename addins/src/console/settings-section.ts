/**
 * @module
 * Indstillinger (admins): the installed plugins with their kind, channels, what they can do,
 * where routing sends letters to them, and whether their config holds — a config that does not
 * is told by field and in words, never with its values (`GET /v1/plugins`). Below, the
 * organisation's webhooks.
 */
import { Badge, Button, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { SettingsApi, type PluginView } from './settings-api.ts';
import { WebhooksPanel } from './settings-webhooks.ts';
import { loadState } from './load-state.ts';
import { useLoad } from './use-load.ts';

function ConfigCell(props: { config: PluginView['config'] }) {
  const { t } = useConsole();
  const a = t.admin;
  const c = props.config;
  const badge = (color: 'success' | 'danger' | 'informative' | 'warning', text: string) =>
    h(Badge, { appearance: 'tint', color, ...{ 'data-testid': 'plugin-config' } }, text);
  if (c.status === 'ok') return badge('success', a.configOk);
  if (c.status === 'not_configured') return badge('informative', a.configNotConfigured);
  const problems = c.status === 'invalid' ? c.problems.map((p) => `${p.field}: ${p.message}`) : [c.message];
  return h(
    'div',
    null,
    badge('danger', c.status === 'invalid' ? a.configInvalid : a.configUnloadable),
    h(
      'ul',
      { style: { margin: '4px 0 0', paddingInlineStart: '18px' } },
      problems.map((p) => h('li', { key: p }, p)),
    ),
  );
}

function PluginRow(props: { plugin: PluginView }) {
  const { t } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const p = props.plugin;
  const routes = p.routes.map((r) => a.route(r.recipientTypes.join(', '), r.channels.map((c) => t.channels[c] ?? c).join(', ')));
  return h(
    TableRow,
    { ...{ 'data-plugin': p.name } },
    h(TableCell, null, h(Text, { weight: 'semibold' }, p.name), p.description ? h('div', { className: s.muted }, p.description) : null),
    h(TableCell, null, h('span', { className: s.mono }, p.package)),
    h(TableCell, null, p.kind ? (a.kinds[p.kind] ?? p.kind) : a.unknownKind),
    h(TableCell, null, p.channels.map((c) => t.channels[c] ?? c).join(', ')),
    h(TableCell, null, [...p.capabilities.map((c) => a.capabilities[c] ?? c), ...(p.simulator ? [a.simulator] : [])].join(', ')),
    h(TableCell, null, routes.length ? routes.join('; ') : a.notRouted),
    h(TableCell, null, h(ConfigCell, { config: p.config })),
  );
}

export function SettingsSection() {
  const { t, api } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const settings = useMemo(() => new SettingsApi(api.api), [api]);
  const [installed, setInstalled] = useState(false);
  const list = useLoad(() => settings.plugins(installed), [settings, installed]);
  const plugins = list.value ?? [];
  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, a.settingsIntro),
    h(
      'section',
      { className: s.form, 'aria-labelledby': 'plugins-heading' },
      h(Text, { as: 'h2', size: 500, weight: 'semibold', id: 'plugins-heading' }, a.pluginsHeading),
      h(
        'div',
        null,
        h(
          Button,
          { disabled: list.loading, onClick: () => setInstalled((x) => !x), ...{ 'data-testid': 'plugins-installed' } },
          installed ? a.onlyConfigured : a.showInstalled,
        ),
      ),
      loadState(t, list, { isEmpty: (v) => v.length === 0, text: a.noPlugins }) ??
        h(
          DataTable,
          {
            label: a.pluginsLabel,
            testId: 'plugins-table',
            columns: [
              [a.colPlugin, '17%'],
              [a.colPackage, '17%'],
              [a.colKind, '9%'],
              [a.colChannels, '11%'],
              [a.colCapabilities, '16%'],
              [a.colRouting, '14%'],
              [a.colConfig, '16%'],
            ],
          },
          plugins.map((p) => h(PluginRow, { key: `${p.name}:${p.package}`, plugin: p })),
        ),
    ),
    h(WebhooksPanel, { settings }),
  );
}
