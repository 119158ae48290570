/**
 * @module
 * Legal hold on a case: place or lift it with a reason (the audit log keeps the reason and so
 * the hold's history). A case on hold is never deleted by retention.
 */
import { Button, Field, Input, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { data, h } from '../common/h.ts';
import { useArchiveApi } from './archive-api.ts';
import { Outcome, useAction } from './archive-common.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { submitted } from './form-submit.ts';

export function LegalHoldForm(props: { caseId: string; onHold: boolean; onChanged: (onHold: boolean) => void }) {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const archive = useArchiveApi();
  const [reason, setReason] = useState('');
  const action = useAction();
  const hold = !props.onHold;
  const submit = () => {
    if (!reason.trim()) return action.fail(a.holdReasonMissing);
    void action.run(async () => {
      const r = await archive.legalHold(props.caseId, hold, reason.trim());
      setReason('');
      props.onChanged(r.legalHold);
      return r.legalHold ? a.holdPlaced : a.holdLifted;
    });
  };
  return h(
    'section',
    { 'aria-labelledby': 'hold-heading', className: s.form },
    h(Text, { as: 'h3', id: 'hold-heading', size: 400, weight: 'semibold' }, a.holdHeading),
    h(
      'form',
      {
        className: s.row,
        onSubmit: submitted(submit),
      },
      h(
        Field,
        { label: a.holdReason, hint: a.holdReasonHint, className: s.grow },
        h(Input, { value: reason, onChange: (_, d) => setReason(d.value), maxLength: 500, ...data({ testid: 'hold-reason' }) }),
      ),
      h(
        Button,
        { type: 'submit', appearance: hold ? 'primary' : 'secondary', disabled: action.busy, ...data({ testid: 'hold-submit' }) },
        hold ? a.placeHold : a.liftHold,
      ),
    ),
    h(Outcome, { outcome: action.outcome, testId: 'hold-result' }),
  );
}
