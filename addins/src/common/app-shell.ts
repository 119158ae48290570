/**
 * @module
 * The frame around every pane: Fluent theme, header with sign-out, the sign-in gate, then the
 * host's content. `mountPane` is what each host's entry point calls.
 */
import { Button, FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { messages, switchLanguage } from './messages.ts';
import { SignIn } from './sign-in.ts';
import { useStyles } from './styles.ts';
import type { TokenProvider } from './token-provider.ts';

export interface PaneProps {
  baseUrl: string;
  tokens: TokenProvider;
  /** The host's content once signed in. */
  render: (api: BrevdueApi, onUnauthorized: () => void) => ReactNode;
}

function Pane(props: PaneProps) {
  const s = useStyles();
  const [signedIn, setSignedIn] = useState<boolean>();
  const api = useMemo(() => new BrevdueApi(props.baseUrl, props.tokens), [props.baseUrl, props.tokens]);
  useEffect(() => {
    void props.tokens.getToken().then((t) => setSignedIn(t !== null));
  }, [props.tokens]);
  const signOut = () => void props.tokens.signOut().then(() => setSignedIn(false));
  return h(
    'main',
    { className: s.root },
    h(
      'header',
      { className: s.header },
      h(
        'div',
        { className: s.brand },
        h('img', { src: '/addins/assets/icon-32.png', width: 24, height: 24, alt: '' }),
        h(
          'div',
          null,
          h(Text, { as: 'h1', weight: 'semibold', size: 500, block: true }, messages.appTitle),
          h(Text, { size: 200, className: s.muted }, messages.tagline),
        ),
      ),
      h(
        'div',
        null,
        h(
          Button,
          {
            appearance: 'subtle',
            size: 'small',
            lang: messages.otherLanguageCode,
            title: messages.otherLanguageHint,
            onClick: () => switchLanguage(messages.otherLanguageCode),
            ...data({ testid: 'language-switch' }),
          },
          messages.otherLanguage,
        ),
        signedIn ? h(Button, { appearance: 'subtle', size: 'small', onClick: signOut }, messages.signOut) : null,
      ),
    ),
    signedIn === undefined
      ? null
      : signedIn
        ? props.render(api, signOut)
        : h(SignIn, { baseUrl: props.baseUrl, tokens: props.tokens, onSignedIn: () => setSignedIn(true) }),
  );
}

/** Renders the pane into `#root` with the Office-like Fluent theme. */
export function mountPane(props: PaneProps): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('#root missing from the page');
  createRoot(el).render(h(FluentProvider, { theme: webLightTheme, style: { minHeight: '100vh' } }, h(Pane, props)));
}
