/**
 * @module
 * The one-time sign-in form: paste the API token. Checked against the platform before it is kept.
 */
import { Button, Field, Input, Text, Title3 } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';
import type { TokenProvider } from './token-provider.ts';

/** Asks for the token and calls `onSignedIn` once the platform accepted it. */
export function SignIn(props: { baseUrl: string; tokens: TokenProvider; onSignedIn: () => void }) {
  const s = useStyles();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return setError(messages.tokenEmpty);
    setBusy(true);
    setError(undefined);
    // Check the token with a harmless call before keeping it, so a typo is caught here.
    const probe = new BrevdueApi(props.baseUrl, { interactive: true, getToken: async () => token.trim(), setToken: async () => {}, signOut: async () => {} });
    try {
      await probe.lookup('CVR', '29189846');
      await props.tokens.setToken(token);
      props.onSignedIn();
    } catch (err) {
      setError((err as { status?: number }).status === 401 ? messages.tokenRejected : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return h(
    'form',
    { className: s.section, onSubmit: submit, 'aria-labelledby': 'signin-title' },
    h(Title3, { id: 'signin-title', as: 'h2' }, messages.signInTitle),
    h(Text, null, messages.signInHelp),
    h(
      Field,
      { label: messages.tokenLabel, validationMessage: error, validationState: error ? 'error' : 'none' },
      h(Input, { type: 'password', value: token, autoComplete: 'off', onChange: (_e, d) => setToken(d.value), ...data({ testid: 'token' }) }),
    ),
    h('div', null, h(Button, { appearance: 'primary', type: 'submit', disabled: busy }, messages.signIn)),
  );
}
