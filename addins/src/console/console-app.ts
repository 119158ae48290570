/**
 * @module
 * The console's frame: who is signed in (the platform's session cookie, asked through
 * `GET /v1/me`), the header with the language switch and sign-out, the navigation of the
 * sections the user's roles may use, and the current section.
 */
import { Button, NavDrawer, NavDrawerBody, NavItem, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { BrevdueApi } from '../common/api-client.ts';
import type { Me } from '../common/auth/session-token-provider.ts';
import { SessionTokenProvider } from '../common/auth/session-token-provider.ts';
import { h } from '../common/h.ts';
import { currentLanguage, type Language } from '../common/messages.ts';
import { ConsoleApi } from './console-api.ts';
import { ConsoleCtx, type ConsoleContext } from './console-context.ts';
import { consoleMessages, localeOf, type ConsoleMessages } from './console-messages.ts';
import { linkClick, useLocation } from './console-router.ts';
import { mayUse, sectionOfPath, sectionPath, visibleSections } from './console-sections.ts';
import { useConsoleStyles } from './console-styles.ts';
import { SectionBody } from './section-body.ts';

/** Keeps the language choice where the other pages look for it (`brevdue.lang`). */
function keepLanguage(lang: Language): void {
  try {
    localStorage.setItem('brevdue.lang', lang);
  } catch {
    // Storage disabled by policy: the choice lasts for this page only.
  }
}

function SignInPanel(props: { t: ConsoleMessages; onSignIn: () => void; error?: string }) {
  const s = useConsoleStyles();
  return h(
    'section',
    { className: s.signIn, 'aria-labelledby': 'sign-in-heading' },
    h(Text, { as: 'h1', id: 'sign-in-heading', size: 600, weight: 'semibold' }, props.t.signInTitle),
    h(Text, null, props.t.signInHelp),
    props.error ? h(Text, { role: 'alert' }, props.t.loadFailed(props.error)) : null,
    h(Button, { appearance: 'primary', onClick: props.onSignIn }, props.t.signIn),
  );
}

function Shell(props: { me: Me; lang: Language; setLang: (l: Language) => void; api: ConsoleApi; onSignOut: () => void }) {
  const s = useConsoleStyles();
  const { pathname, navigate } = useLocation();
  const t = consoleMessages(props.lang);
  const roles = props.me.user?.roles ?? props.me.roles;
  const shown = visibleSections(roles);
  const section = sectionOfPath(pathname);
  const ctx = useMemo<ConsoleContext>(
    () => ({ lang: props.lang, t, locale: localeOf(props.lang), api: props.api, roles, navigate }),
    [props.lang, t, props.api, roles, navigate],
  );
  const title = section ? t.sections[section.id] : t.notFound;
  useEffect(() => {
    document.title = `${title} – ${t.appTitle}`;
  }, [title, t]);
  const who = props.me.user?.name ?? props.me.organisation.name;
  const other: Language = props.lang === 'da' ? 'en' : 'da';

  return h(
    'div',
    { className: s.frame },
    h(
      'header',
      { className: s.header },
      h(
        'div',
        { className: s.brand },
        h('img', { src: '/addins/assets/icon-32.png', width: 24, height: 24, alt: '' }),
        h(Text, { weight: 'semibold', size: 500 }, t.appTitle),
      ),
      h(
        'div',
        { className: s.who },
        h(Text, { size: 200, className: s.muted }, t.signedInAs(who, roles.map((r) => t.roles[r] ?? r).join(', '))),
        h(
          Button,
          { appearance: 'subtle', size: 'small', lang: other, 'aria-label': t.languageSwitchLabel, onClick: () => props.setLang(other) },
          t.languageSwitch,
        ),
        h(Button, { appearance: 'subtle', size: 'small', onClick: props.onSignOut }, t.signOut),
      ),
    ),
    h(
      'div',
      { className: s.body },
      // NavDrawer is the navigation landmark itself (role="navigation").
      h(
        'div',
        { className: s.navColumn },
        h(
          NavDrawer,
          { open: true, type: 'inline', tabbable: true, 'aria-label': t.navLabel, className: s.nav, selectedValue: section?.id ?? '' },
          h(
            NavDrawerBody,
            null,
            shown.map((sec) =>
              h(
                NavItem,
                { key: sec.id, value: sec.id, href: sectionPath(sec.id), onClick: linkClick(navigate, sectionPath(sec.id)) },
                t.sections[sec.id],
              ),
            ),
          ),
        ),
      ),
      h(
        'main',
        { className: s.main },
        h(Text, { as: 'h1', id: 'section-heading', tabIndex: -1, size: 700, weight: 'semibold', className: s.heading }, title),
        h(ConsoleCtx.Provider, { value: ctx }, h(SectionBody, { section, allowed: section ? mayUse(section, roles) : false })),
      ),
    ),
  );
}

/** The whole console page. */
export function ConsoleApp() {
  const [lang, setLangState] = useState<Language>(currentLanguage);
  const tokens = useMemo(() => new SessionTokenProvider(location.origin), []);
  const api = useMemo(() => new ConsoleApi(new BrevdueApi(location.origin, tokens)), [tokens]);
  const [me, setMe] = useState<Me | null>();
  const [error, setError] = useState<string>();
  const t = consoleMessages(lang);

  useEffect(() => {
    tokens.getToken().then(
      (token) => setMe(token ? (tokens.me ?? null) : null),
      (e: unknown) => {
        setError((e as Error).message);
        setMe(null);
      },
    );
  }, [tokens]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = (l: Language) => {
    keepLanguage(l);
    setLangState(l);
  };
  // The session cookie is cleared by the answer even when following its redirect to the provider fails.
  const signOut = () => void tokens.signOut().finally(() => setMe(null));

  if (me === undefined) return h(Spinner, { label: t.loading, style: { marginTop: '20vh' } });
  if (me === null) return h(SignInPanel, { t, error, onSignIn: () => void tokens.signIn() });
  return h(Shell, { me, lang, setLang, api, onSignOut: signOut });
}
