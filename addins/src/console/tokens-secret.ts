/**
 * @module
 * A secret shown the one time the API gives it (a new token, a webhook's signing key): in a
 * read-only field to select, with a copy button, until the admin says it is saved. It is held in
 * this component's state only, never stored, and gone once dismissed.
 */
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';

export function SecretOnce(props: { title: string; secret: string; testId: string; onDismiss: () => void }) {
  const { t } = useConsole();
  const a = t.admin;
  const s = useConsoleStyles();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return h(
    MessageBar,
    { intent: 'warning', layout: 'multiline' },
    h(
      MessageBarBody,
      { className: s.form },
      h(MessageBarTitle, { role: 'status' }, props.title),
      h(
        'div',
        { className: s.row },
        h(
          Field,
          { label: a.secret, className: s.grow },
          h(Input, {
            readOnly: true,
            value: props.secret,
            onFocus: (e: { target: HTMLInputElement }) => e.target.select(),
            className: s.mono,
            ...{ 'data-testid': props.testId },
          }),
        ),
        h(Button, { onClick: () => void copy(), ...{ 'data-testid': `${props.testId}-copy` } }, copied === 'yes' ? a.copied : a.copy),
        h(Button, { appearance: 'primary', onClick: props.onDismiss, ...{ 'data-testid': `${props.testId}-dismiss` } }, a.secretSaved),
      ),
      copied === 'failed' ? h('span', { role: 'alert' }, a.copyFailed) : null,
    ),
  );
}
