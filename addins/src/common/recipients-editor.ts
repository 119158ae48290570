/**
 * @module
 * Recipient rows: type (CPR/CVR) and number, validated as the user types with the shared
 * validators, the name looked up on the platform once the number is valid; plus "find
 * recipients in the document", which leads to the merge-letter panel.
 */
import { Button, Field, Select, Input, Text } from '@fluentui/react-components';
import { normaliseCpr } from '@brevdue/shared';
import { useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import { isCompleteRecipient, recipientError, type RecipientRow } from './form-values.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

let nextKey = 0;
/** A new empty row. */
export function newRow(partial: Partial<RecipientRow> = {}): RecipientRow {
  return { key: `r${nextKey++}`, idType: 'CPR', id: '', ...partial };
}

function RecipientLine(props: {
  api: BrevdueApi;
  row: RecipientRow;
  index: number;
  onChange: (r: RecipientRow) => void;
  onRemove: () => void;
  removable: boolean;
}) {
  const s = useStyles();
  const { row, api } = props;
  const error = recipientError(row);
  const complete = isCompleteRecipient(row);
  const [lookup, setLookup] = useState<{ id: string; text: string }>();
  const id = normaliseCpr(row.id);
  useEffect(() => {
    if (!complete) return;
    let live = true;
    // Wait until typing pauses, so each keystroke does not cost a lookup.
    const timer = setTimeout(() => {
      setLookup({ id, text: messages.lookingUp });
      api
        .lookup(row.idType, id)
        .then((r) => live && setLookup({ id, text: r.name ?? messages.notFoundName }))
        .catch(() => live && setLookup(undefined));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [complete, id, row.idType, api]);
  const hint = lookup?.id === id && complete ? lookup.text : undefined;
  const n = props.index + 1;
  return h(
    'div',
    { className: s.row, role: 'group', 'aria-label': `${messages.recipients} ${n}` },
    h(
      Field,
      { label: messages.idType, className: s.typeSelect },
      h(
        Select,
        {
          value: row.idType,
          onChange: (_e, d) => props.onChange({ ...row, idType: d.value as RecipientRow['idType'], name: undefined }),
          ...data({ testid: `recipient-type-${props.index}` }),
        },
        h('option', { value: 'CPR' }, 'CPR'),
        h('option', { value: 'CVR' }, 'CVR'),
      ),
    ),
    h(
      Field,
      {
        label: messages.idNumber,
        className: s.grow,
        validationState: error ? 'error' : complete ? 'success' : 'none',
        validationMessage: error ?? (hint || undefined),
      },
      h(Input, {
        value: row.id,
        inputMode: 'numeric',
        autoComplete: 'off',
        placeholder: row.idType === 'CPR' ? 'DDMMÅÅ-XXXX' : '12345678',
        onChange: (_e, d) => props.onChange({ ...row, id: d.value }),
        ...data({ testid: `recipient-id-${props.index}` }),
      }),
    ),
    props.removable
      ? h(
          Button,
          { appearance: 'subtle', onClick: props.onRemove, 'aria-label': `${messages.removeRecipient} ${n}`, style: { marginTop: '24px' } },
          '✕',
        )
      : null,
  );
}

/** The recipients section. `onFind` opens the merge-letter panel (split the document by recipient). */
export function RecipientsEditor(props: {
  api: BrevdueApi;
  rows: RecipientRow[];
  onChange: (rows: RecipientRow[]) => void;
  onFind: () => void;
  busy: boolean;
}) {
  const s = useStyles();
  const { rows, onChange } = props;
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'recipients-title' },
    h(Text, { id: 'recipients-title', weight: 'semibold', size: 400, as: 'h2' }, messages.recipients),
    ...rows.map((row, i) =>
      h(RecipientLine, {
        key: row.key,
        api: props.api,
        row,
        index: i,
        removable: rows.length > 1,
        onChange: (r: RecipientRow) => onChange(rows.map((x) => (x.key === r.key ? r : x))),
        onRemove: () => onChange(rows.filter((x) => x.key !== row.key)),
      }),
    ),
    h(
      'div',
      { className: s.actions },
      h(Button, { onClick: () => onChange([...rows, newRow()]) }, messages.addRecipient),
      h(Button, { onClick: props.onFind, disabled: props.busy, ...data({ testid: 'find-recipients' }) }, messages.findInDocument),
    ),
  );
}
