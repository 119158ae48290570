/**
 * @module
 * The sign-in form. Staff sign in with their organisation's account (the provider runs the popup,
 * Office dialog or redirect); pasting an API token is the explicit trial option beside it, and
 * the only one when the platform has no `identity` configured. Either is checked against the
 * platform before the pane opens.
 */
import { Button, Field, Input, Link, Text, Title3 } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ApiError, BrevdueApi } from './api-client.ts';
import { SignInError } from './auth/sign-in-error.ts';
import { data, h } from './h.ts';
import { signInText } from './messages.ts';
import { useStyles } from './styles.ts';
import type { TokenProvider } from './token-provider.ts';

/** The text for a failed sign-in. */
function signInFailure(err: unknown): string {
  if (err instanceof SignInError) {
    if (err.code === 'cancelled') return signInText.cancelled;
    if (err.code === 'popup_blocked') return signInText.popupBlocked;
    return signInText.failed(err.message);
  }
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return signInText.refused;
  return signInText.failed((err as Error).message);
}

/** The organisation-account button. */
function AccountSignIn(props: { baseUrl: string; tokens: TokenProvider; onSignedIn: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.tokens.signIn!();
      // The session sign-in leaves the page; it comes back signed in.
      if (props.tokens.cookieSession) return;
      // Ask the platform who we are: a token it refuses (no role, other tenant) is caught here, not mid-send.
      await new BrevdueApi(props.baseUrl, props.tokens).me();
      props.onSignedIn();
    } catch (err) {
      setError(signInFailure(err));
    } finally {
      setBusy(false);
    }
  };
  return h(
    Field,
    { validationMessage: error, validationState: error ? 'error' : 'none' },
    h(
      'div',
      null,
      h(
        Button,
        { appearance: 'primary', disabled: busy, onClick: () => void start(), ...data({ testid: 'sign-in-account' }) },
        busy ? signInText.signingIn : signInText.signInWithAccount,
      ),
    ),
  );
}

/** The paste-a-token form (trial, or the only way without `identity`). */
function TokenSignIn(props: { baseUrl: string; tokens: TokenProvider; onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return setError(signInText.tokenEmpty);
    setBusy(true);
    setError(undefined);
    // Check the token with a harmless call before keeping it, so a typo is caught here.
    const probe = new BrevdueApi(props.baseUrl, {
      interactive: true,
      getToken: async () => token.trim(),
      setToken: async () => {},
      signOut: async () => {},
    });
    try {
      await probe.lookup('CVR', '29189846');
      await props.tokens.setToken(token);
      props.onSignedIn();
    } catch (err) {
      setError((err as { status?: number }).status === 401 ? signInText.tokenRejected : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return h(
    'form',
    { onSubmit: submit, 'aria-label': signInText.tokenLabel },
    h(Text, { block: true }, signInText.trialHelp),
    h(
      Field,
      { label: signInText.tokenLabel, validationMessage: error, validationState: error ? 'error' : 'none' },
      h(Input, {
        type: 'password',
        value: token,
        autoComplete: 'off',
        onChange: (_e, d) => setToken(d.value),
        ...data({ testid: 'token' }),
      }),
    ),
    h(
      'div',
      null,
      h(
        Button,
        { appearance: props.tokens.trial ? 'secondary' : 'primary', type: 'submit', disabled: busy, ...data({ testid: 'token-submit' }) },
        signInText.signIn,
      ),
    ),
  );
}

/** Signs in and calls `onSignedIn` once the platform accepted the credential. */
export function SignIn(props: { baseUrl: string; tokens: TokenProvider; onSignedIn: () => void }) {
  const s = useStyles();
  const account = !props.tokens.interactive && typeof props.tokens.signIn === 'function';
  const [trialOpen, setTrialOpen] = useState(false);
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'signin-title' },
    h(Title3, { id: 'signin-title', as: 'h2' }, signInText.title),
    account ? h(Text, null, signInText.help) : null,
    account ? h(AccountSignIn, props) : null,
    account && props.tokens.trial && !trialOpen
      ? h(
          'div',
          null,
          h(Link, { as: 'button', onClick: () => setTrialOpen(true), ...data({ testid: 'trial-toggle' }) }, signInText.trialToggle),
        )
      : null,
    !account || trialOpen ? h(TokenSignIn, props) : null,
  );
}
