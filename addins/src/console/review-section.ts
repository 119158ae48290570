/**
 * @module
 * Godkendelse: batch runs held for review (`review: true`). The list of runs waiting; a run
 * (`?run=<id>`, so it can be linked) with its letters – recipient masked as the API answers it,
 * channel, status, the leak guard's hold – where a letter is removed (after a confirming second
 * press, since it cannot be undone) and the run released, then followed live with a progress bar.
 */
import {
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Field,
  Spinner,
  TableCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { isFinalStatus } from '@brevdue/shared';
import type { LetterView, ShipmentView } from '@brevdue/shared/api';
import { useState } from 'react';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { sectionPath } from './console-sections.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { recipientLabel } from './failed-letters-section.ts';
import { sendingLetters, useShipmentLive } from './shipment-live.ts';
import { loadState } from './load-state.ts';
import { useLoad } from './use-load.ts';

const runPath = (id: string) => `${sectionPath('godkendelse')}?run=${encodeURIComponent(id)}`;

function LoadError(props: { error: string; retry: () => void }) {
  const { t } = useConsole();
  return h(
    MessageBar,
    { intent: 'error' },
    h(MessageBarBody, { role: 'alert' }, t.loadFailed(props.error)),
    h(Button, { onClick: props.retry }, t.retry),
  );
}

function HeldRuns() {
  const { t, api, locale, navigate } = useConsole();
  const list = useLoad(() => api.heldShipments(), [api]);
  const state = loadState(t, list, { isEmpty: (v) => v.length === 0, text: t.noHeld, role: 'status' });
  if (state) return state;
  const runs = list.value ?? [];
  return h(
    DataTable,
    { label: t.heldRunsLabel, testId: 'held-table', columns: [t.colSubject, t.colLetters, t.colPolicy, t.colCreated, t.colActions] },
    runs.map((r) =>
      h(
        TableRow,
        { key: r.id, ...{ 'data-run': r.id } },
        h(TableCell, null, r.subject),
        h(TableCell, null, String(r.letters)),
        h(TableCell, null, r.channelPolicy),
        h(TableCell, null, new Date(r.createdAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })),
        h(
          TableCell,
          null,
          h(Link, { href: runPath(r.id), 'aria-label': t.openRunFor(r.subject), onClick: linkClick(navigate, runPath(r.id)) }, t.openRun),
        ),
      ),
    ),
  );
}

/** The progress of a released run: a bar while letters are under way, a summary when all are final. */
function Progress(props: { letters: LetterView[]; lost: boolean }) {
  const { t } = useConsole();
  const sending = sendingLetters(props.letters);
  const final = sending.filter((l) => isFinalStatus(l.status));
  const failed = final.filter((l) => l.status === 'failed').length;
  const guarded = props.letters.filter((l) => l.status === 'held' && l.hold).length;
  const all = final.length === sending.length;
  return h(
    'div',
    { className: useConsoleStyles().form, ...{ 'data-testid': 'release-progress' } },
    h(
      Field,
      { label: t.progressLabel, validationState: 'none', hint: t.progress(final.length, sending.length) },
      h(ProgressBar, {
        value: sending.length ? final.length / sending.length : 1,
        max: 1,
        color: failed ? 'warning' : all ? 'success' : 'brand',
        'aria-valuetext': t.progress(final.length, sending.length),
      }),
    ),
    all
      ? h(
          MessageBar,
          { intent: failed ? 'warning' : 'success' },
          h(MessageBarBody, { role: 'status', ...{ 'data-testid': 'release-done' } }, t.progressDone(final.length - failed, failed)),
        )
      : null,
    guarded ? h(Text, { as: 'p' }, t.stillHeld(guarded)) : null,
    props.lost && !all ? h(Text, { as: 'p', size: 200 }, t.connectionLost) : null,
  );
}

function Run(props: { id: string }) {
  const { t, api, lang, navigate } = useConsole();
  const s = useConsoleStyles();
  const loaded = useLoad(() => api.shipment(props.id), [api, props.id]);
  const [shipment, setShipment] = useState<ShipmentView>();
  const current = shipment ?? loaded.value;
  const [released, setReleased] = useState(false);
  const live = useShipmentLive(api, current, released);
  const [confirm, setConfirm] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  const back = h(Link, { href: sectionPath('godkendelse'), onClick: linkClick(navigate, sectionPath('godkendelse')) }, t.backToRuns);
  if (loaded.loading && !current) return h(Spinner, { label: t.loading });
  if (loaded.error || !current)
    return h('div', { className: s.form }, h(LoadError, { error: loaded.error ?? '', retry: loaded.reload }), back);

  const letters = released ? live.letters : current.letters;
  const toSend = letters.filter((l) => l.status === 'held' && !l.hold).length;
  const held = current.status === 'held' && !released;

  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await what();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
      setConfirm(undefined);
    }
  };
  const remove = (l: LetterView) =>
    act(async () => {
      await api.removeLetter(current.id, l.id);
      setShipment(await api.shipment(current.id));
      setMessage({ intent: 'success', text: t.removed(recipientLabel(l)) });
    });
  const release = () =>
    act(async () => {
      setShipment(await api.release(current.id));
      setReleased(true);
    });

  const rowAction = (l: LetterView) => {
    if (!held || l.status !== 'held') return null;
    const who = recipientLabel(l);
    if (confirm !== l.id)
      return h(Button, { size: 'small', disabled: busy, 'aria-label': t.removeFor(who), onClick: () => setConfirm(l.id) }, t.remove);
    return h(
      'div',
      { className: s.actions },
      h(
        Button,
        { size: 'small', appearance: 'primary', disabled: busy, 'aria-label': t.confirmRemoveFor(who), onClick: () => void remove(l) },
        t.confirmRemove,
      ),
      h(Button, { size: 'small', disabled: busy, onClick: () => setConfirm(undefined) }, t.keep),
    );
  };

  return h(
    'div',
    { className: s.form },
    back,
    h(Text, { as: 'h2', size: 500, weight: 'semibold', ...{ 'data-testid': 'run-subject' } }, current.subject),
    message
      ? h(
          MessageBar,
          { intent: message.intent },
          h(MessageBarBody, { role: message.intent === 'error' ? 'alert' : 'status', ...{ 'data-testid': 'run-message' } }, message.text),
        )
      : null,
    !held && !released ? h(Text, { as: 'p', role: 'status' }, t.runNotHeld) : null,
    held
      ? h(
          'div',
          { className: s.actions },
          confirm === 'release'
            ? [
                h(
                  Button,
                  {
                    key: 'go',
                    appearance: 'primary',
                    disabled: busy,
                    onClick: () => void release(),
                    ...{ 'data-testid': 'confirm-release' },
                  },
                  busy ? t.releasing : t.confirmRelease(toSend),
                ),
                h(Button, { key: 'keep', disabled: busy, onClick: () => setConfirm(undefined) }, t.keep),
              ]
            : h(
                Button,
                {
                  appearance: 'primary',
                  disabled: busy || toSend === 0,
                  onClick: () => setConfirm('release'),
                  ...{ 'data-testid': 'release' },
                },
                t.release(toSend),
              ),
        )
      : null,
    released ? h(Progress, { letters, lost: live.lost }) : null,
    h(
      DataTable,
      {
        label: t.runLetters,
        testId: 'run-letters',
        columns: [
          [t.colRecipient, '22%'],
          [t.colChannel, '12%'],
          [t.colStatus, '20%'],
          [t.colHold, '26%'],
          [t.colActions, '20%'],
        ],
      },
      letters.map((l) =>
        h(
          TableRow,
          { key: l.id, ...{ 'data-letter': l.id, 'data-status': l.status } },
          h(TableCell, null, recipientLabel(l)),
          h(TableCell, null, t.channels[l.channel] ?? l.channel),
          h(TableCell, null, l.statusLabel[lang]),
          h(TableCell, null, l.hold === 'leak_guard' ? t.leakGuardHold : ''),
          h(TableCell, null, rowAction(l)),
        ),
      ),
    ),
  );
}

export function ReviewSection() {
  const { t } = useConsole();
  const s = useConsoleStyles();
  const run = new URLSearchParams(location.search).get('run');
  return h(
    'div',
    { className: s.form },
    run ? null : h(Text, { as: 'p', className: s.muted }, t.reviewIntro),
    run ? h(Run, { key: run, id: run }) : h(HeldRuns),
  );
}
