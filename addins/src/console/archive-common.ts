/**
 * @module
 * What Arkiv's pages share: their URLs, the masked party label, dates, an error bar, a pager
 * and the busy/result state of an action.
 */
import { Button, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { inLanguage, maskCprsInText } from '@brevdue/shared';
import { data, h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { sectionPath } from './console-sections.ts';
import { useConsoleStyles } from './console-styles.ts';

/** Arkiv's pages and their URLs (each can be bookmarked; the platform serves them all). */
export const ARCHIVE_PATHS = {
  search: sectionPath('arkiv'),
  exports: `${sectionPath('arkiv')}/eksport`,
  retention: `${sectionPath('arkiv')}/kassation`,
  insight: `${sectionPath('arkiv')}/indsigt`,
  settings: `${sectionPath('arkiv')}/indstillinger`,
} as const;

export type ArchivePage = keyof typeof ARCHIVE_PATHS;

/** The URL of a case's page. */
export const casePath = (caseId: string) => `${sectionPath('arkiv')}/sag/${encodeURIComponent(caseId)}`;

/** The party as shown: its type, its masked number and its name (never the whole CPR). */
export function partyLabel(p: { idType: string; masked: string; name: string | null }): string {
  return `${p.idType} ${p.masked}${p.name ? ` – ${p.name}` : ''}`;
}

/** Free text from the archive (subjects, file names) with any CPR number in it masked. */
export const safeText = (s: string) => maskCprsInText(s);

/** A date (and time) in the page's locale. */
export function useWhen(): (iso: string, time?: boolean) => string {
  const { locale } = useConsole();
  return (iso, time = true) =>
    new Date(iso).toLocaleString(locale, time ? { dateStyle: 'short', timeStyle: 'short' } : { dateStyle: 'short' });
}

/** An API error in the page's language (the platform's texts may carry both). */
export function useErrorText(): (e: unknown) => string {
  const { lang } = useConsole();
  return (e) => inLanguage(e instanceof Error ? e.message : String(e), lang);
}

/** A load that failed, with a retry. */
export function LoadError(props: { error: string; retry?: () => void; testId?: string }) {
  const { t, lang } = useConsole();
  return h(
    MessageBar,
    { intent: 'error' },
    h(MessageBarBody, { role: 'alert', ...data({ testid: props.testId ?? 'archive-error' }) }, t.loadFailed(inLanguage(props.error, lang))),
    props.retry ? h(Button, { onClick: props.retry }, t.retry) : null,
  );
}

/** The outcome of an action: a success (status) or an error (alert). */
export function Outcome(props: { outcome: { ok: boolean; text: string } | undefined; testId: string }) {
  if (!props.outcome) return null;
  const { ok, text } = props.outcome;
  return h(
    MessageBar,
    { intent: ok ? 'success' : 'error' },
    h(MessageBarBody, { role: ok ? 'status' : 'alert', ...data({ testid: props.testId }) }, text),
  );
}

/** Runs actions one at a time and keeps their outcome. */
export function useAction() {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome({ ok: true, text: await what() });
    } catch (e) {
      setOutcome({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, run, fail: (text: string) => setOutcome({ ok: false, text }) };
}

/** Previous / page x of y / next, for lists paged on the server. */
export function Pager(props: { page: number; pages: number; label: string; busy: boolean; go: (page: number) => void; testId: string }) {
  const { t } = useConsole();
  const s = useConsoleStyles();
  return h(
    'div',
    { className: s.actions },
    h(Button, { disabled: props.page <= 1 || props.busy, onClick: () => props.go(props.page - 1) }, t.previous),
    h(Text, { role: 'status', ...data({ testid: props.testId }) }, props.label),
    h(
      Button,
      {
        disabled: props.page >= props.pages || props.busy,
        onClick: () => props.go(props.page + 1),
        ...data({ testid: `${props.testId}-next` }),
      },
      t.next,
    ),
  );
}
