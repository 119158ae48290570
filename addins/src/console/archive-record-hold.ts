/**
 * @module
 * Legal hold on one record of a case (the complaint concerns one letter, not the whole case):
 * its badge in the case's table, and for the archive roles a button that asks for the reason
 * in a dialog and places or lifts the record's own hold (POST /v1/archive/records/{id}/legal-hold;
 * the audit log keeps the reason). A held record is never deleted by retention.
 */
import { Badge, Button, Field, Input, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { ArchiveRecord } from '@brevdue/shared/api';
import { data, h } from '../common/h.ts';
import { useArchiveApi } from './archive-api.ts';
import { Outcome, safeText, useAction, useWhen } from './archive-common.ts';
import { useConsole } from './console-context.ts';
import { FormDialog } from './form-dialog.ts';

/** The record's hold in words: its own, its case's, or none. */
export function RecordHoldBadge(props: { record: ArchiveRecord }) {
  const { t } = useConsole();
  const r = props.record;
  if (!r.legalHold) return null;
  return h(
    Badge,
    { appearance: 'tint', color: 'warning', size: 'small', ...data({ testid: 'record-hold' }) },
    r.recordHold ? t.archive.recordOnHold : t.archive.recordOnHoldByCase,
  );
}

/** The button that places or lifts the record's own hold; `done` gets the outcome's text. */
export function RecordHoldButton(props: { record: ArchiveRecord; done: (text: string) => void }) {
  const { t } = useConsole();
  const a = t.archive;
  const when = useWhen();
  const [open, setOpen] = useState(false);
  const r = props.record;
  const subject = safeText(r.subject);
  return h(
    'span',
    null,
    h(
      Button,
      {
        size: 'small',
        'aria-label': r.recordHold ? a.liftRecordHoldFor(subject, when(r.occurredAt)) : a.holdRecordFor(subject, when(r.occurredAt)),
        onClick: () => setOpen(true),
        ...data({ testid: 'record-hold-open' }),
      },
      r.recordHold ? a.liftRecordHold : a.holdRecord,
    ),
    open
      ? h(RecordHoldDialog, {
          record: r,
          close: () => setOpen(false),
          done: (text) => {
            setOpen(false);
            props.done(text);
          },
        })
      : null,
  );
}

function RecordHoldDialog(props: { record: ArchiveRecord; close: () => void; done: (text: string) => void }) {
  const { t } = useConsole();
  const a = t.archive;
  const archive = useArchiveApi();
  const action = useAction();
  const [reason, setReason] = useState('');
  const hold = !props.record.recordHold;
  const subject = safeText(props.record.subject);
  const submit = () => {
    if (!reason.trim()) return action.fail(a.holdReasonMissing);
    void action.run(async () => {
      const r = await archive.recordLegalHold(props.record.id, hold, reason.trim());
      const text = r.legalHold ? a.recordHoldPlaced(subject) : a.recordHoldLifted(subject);
      props.done(text);
      return text;
    });
  };
  return h(
    FormDialog,
    {
      title: hold ? a.recordHoldTitle(subject) : a.recordLiftTitle(subject),
      busy: action.busy,
      onClose: props.close,
      onSubmit: submit,
      submitLabel: hold ? a.placeHold : a.liftHold,
      submitTestId: 'record-hold-submit',
      noValidate: true,
    },
    hold ? h(Text, { as: 'p' }, a.recordHoldIntro) : null,
    h(
      Field,
      { label: a.holdReason, hint: a.holdReasonHint, required: true },
      h(Input, { value: reason, onChange: (_, d) => setReason(d.value), maxLength: 500, ...data({ testid: 'record-hold-reason' }) }),
    ),
    h(Outcome, { outcome: action.outcome?.ok ? undefined : action.outcome, testId: 'record-hold-error' }),
  );
}
