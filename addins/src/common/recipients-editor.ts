/**
 * @module
 * Recipient rows: type (CPR/CVR, or a Norwegian fødselsnummer/organisasjonsnummer) and number, validated as the user types with the shared
 * validators, the name looked up on the platform once the number is valid; for a company its
 * production units (P-numbers) to choose from; manual copies under each recipient; plus "find
 * recipients in the document", which leads to the merge-letter panel. ✕ stays beside its row
 * at 320 px, and a new row takes the focus.
 */
import { Button, Checkbox, Field, Select, Input, Text } from '@fluentui/react-components';
import { normaliseCpr } from '@brevdue/shared';
import type { ProductionUnits } from '@brevdue/shared/api';
import { Fragment, useEffect, useRef, useState } from 'react';
import { ApiError, type BrevdueApi } from './api-client.ts';
import { isCompleteRecipient, recipientError, type CopyRow, type RecipientRow } from './form-values.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

let nextKey = 0;
/** A new empty row. */
export function newRow(partial: Partial<RecipientRow> = {}): RecipientRow {
  return { key: `r${nextKey++}`, idType: 'CPR', id: '', copies: [], ...partial };
}

/** Focuses the element once, when it first appears (a row just added). */
function useFocusOnMount(focus: boolean) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return ref;
}

/** The name of a valid number, looked up once typing pauses. */
function useLookupName(api: BrevdueApi, idType: RecipientRow['idType'], id: string, complete: boolean): string | undefined {
  const [lookup, setLookup] = useState<{ id: string; text: string }>();
  useEffect(() => {
    if (!complete) return;
    let live = true;
    // Wait until typing pauses, so each keystroke does not cost a lookup.
    const timer = setTimeout(() => {
      setLookup({ id, text: messages.lookingUp });
      api
        .lookup(idType, id)
        .then((r) => live && setLookup({ id, text: r.name ?? messages.notFoundName }))
        .catch(() => live && setLookup(undefined));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [complete, id, idType, api]);
  return lookup?.id === id && complete ? lookup.text : undefined;
}

/** A company's P-units, fetched once its CVR number is valid; undefined while unknown or without a register. */
function useProductionUnits(api: BrevdueApi, cvr: string | undefined): { units?: ProductionUnits['productionUnits']; error?: string } {
  const [state, setState] = useState<{ cvr: string; units?: ProductionUnits['productionUnits']; error?: string }>();
  useEffect(() => {
    if (!cvr) return;
    let live = true;
    api.productionUnits(cvr).then(
      (r) => live && setState({ cvr, units: r.productionUnits }),
      (e: unknown) => {
        // No register configured (501): the field is simply not offered.
        if (!live || (e instanceof ApiError && e.status === 501)) return;
        setState({ cvr, error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [api, cvr]);
  return state && state.cvr === cvr ? state : {};
}

/** Type and number of one identifier: a recipient or a copy recipient. */
function IdFields(props: {
  api: BrevdueApi;
  value: { idType: RecipientRow['idType']; id: string };
  onChange: (v: { idType: RecipientRow['idType']; id: string }) => void;
  /** Test ids of the type select and the number input. */
  testids: [string, string];
  focus: boolean;
  /** An error for the whole form shown at this field (no valid recipient at all). */
  formError?: string;
}) {
  const s = useStyles();
  const { value } = props;
  const error = recipientError(value) ?? props.formError;
  const complete = isCompleteRecipient(value);
  const hint = useLookupName(props.api, value.idType, normaliseCpr(value.id), complete);
  const input = useFocusOnMount(props.focus);
  return h(
    Fragment,
    null,
    h(
      Field,
      { label: messages.idType, className: s.typeSelect },
      h(
        Select,
        {
          value: value.idType,
          onChange: (_e, d) => props.onChange({ ...value, idType: d.value as RecipientRow['idType'] }),
          ...data({ testid: props.testids[0] }),
        },
        h('option', { value: 'CPR' }, 'CPR'),
        h('option', { value: 'CVR' }, 'CVR'),
        h('option', { value: 'FNR' }, messages.idTypeFnr),
        h('option', { value: 'ORGNR' }, messages.idTypeOrgnr),
      ),
    ),
    h(
      Field,
      {
        label: messages.idNumber,
        className: s.numberField,
        // Fluent marks the input aria-invalid and points aria-describedby at this message.
        validationState: error ? 'error' : complete ? 'success' : 'none',
        validationMessage: error ?? (hint || undefined),
      },
      h(Input, {
        ref: input,
        className: s.shrinkInput,
        input: { className: s.shrinkInput },
        value: value.id,
        inputMode: 'numeric',
        autoComplete: 'off',
        placeholder: PLACEHOLDERS[value.idType],
        onChange: (_e, d) => props.onChange({ ...value, id: d.value }),
        ...data({ testid: props.testids[1] }),
      }),
    ),
  );
}

/** What a number of each type looks like. */
const PLACEHOLDERS: Record<RecipientRow['idType'], string> = {
  CPR: 'DDMMÅÅ-XXXX',
  CVR: '12345678',
  FNR: 'DDMMÅÅXXXXX',
  ORGNR: '123456789',
};

function RecipientLine(props: {
  api: BrevdueApi;
  row: RecipientRow;
  index: number;
  onChange: (r: RecipientRow) => void;
  onRemove: () => void;
  removable: boolean;
  focus: boolean;
  formError?: string;
}) {
  const s = useStyles();
  const { row, api } = props;
  const n = props.index + 1;
  const cvr = row.idType === 'CVR' && isCompleteRecipient(row) ? normaliseCpr(row.id) : undefined;
  const units = useProductionUnits(api, cvr);
  const [focusCopy, setFocusCopy] = useState<string>();
  const copies = row.copies ?? [];
  const setCopies = (c: CopyRow[]) => props.onChange({ ...row, copies: c });
  return h(
    'div',
    {
      className: s.recipientBlock,
      role: 'group',
      'aria-label': `${messages.recipients} ${n}`,
      ...data({ testid: `recipient-${props.index}` }),
    },
    h(
      'div',
      { className: s.recipientRow },
      h(IdFields, {
        api,
        value: row,
        onChange: (v: { idType: RecipientRow['idType']; id: string }) =>
          props.onChange({ ...row, ...v, name: undefined, pNumber: undefined }),
        testids: [`recipient-type-${props.index}`, `recipient-id-${props.index}`],
        focus: props.focus,
        formError: props.formError,
      }),
      props.removable
        ? h(
            Button,
            {
              appearance: 'subtle',
              className: s.removeButton,
              onClick: props.onRemove,
              'aria-label': `${messages.removeRecipient} ${n}`,
              ...data({ testid: `remove-recipient-${props.index}` }),
            },
            '✕',
          )
        : null,
    ),
    cvr && units.units && units.units.length > 0
      ? h(
          Field,
          { label: messages.pUnit },
          h(
            Select,
            {
              value: row.pNumber ?? '',
              onChange: (_e, d) => props.onChange({ ...row, pNumber: d.value || undefined }),
              ...data({ testid: `recipient-punit-${props.index}` }),
            },
            h('option', { value: '' }, messages.pUnitWhole),
            ...units.units.map((u) => h('option', { key: u.pNumber, value: u.pNumber }, `${u.name} · ${messages.pUnitShort(u.pNumber)}`)),
          ),
        )
      : null,
    cvr && units.units && units.units.length === 0 ? h(Text, { size: 200, className: s.muted }, messages.pUnitsNone) : null,
    cvr && units.error ? h(Text, { size: 200, className: s.muted }, messages.pUnitsFailed(units.error)) : null,
    ...copies.map((c, j) =>
      h(
        'div',
        { key: c.key, className: s.copyRow, role: 'group', 'aria-label': messages.copyRecipient(n) },
        h(Text, { size: 200, className: s.muted }, messages.copyRecipient(n)),
        h(
          'div',
          { className: s.recipientRow },
          h(IdFields, {
            api,
            value: c,
            onChange: (v: { idType: RecipientRow['idType']; id: string }) =>
              setCopies(copies.map((x) => (x.key === c.key ? { ...x, ...v } : x))),
            testids: [`copy-type-${props.index}-${j}`, `copy-id-${props.index}-${j}`],
            focus: focusCopy === c.key,
          }),
          h(
            Button,
            {
              appearance: 'subtle',
              className: s.removeButton,
              'aria-label': messages.removeCopy(n),
              onClick: () => setCopies(copies.filter((x) => x.key !== c.key)),
              ...data({ testid: `remove-copy-${props.index}-${j}` }),
            },
            '✕',
          ),
        ),
      ),
    ),
    h(
      'div',
      null,
      h(
        Button,
        {
          size: 'small',
          appearance: 'subtle',
          onClick: () => {
            const c = { key: `c${nextKey++}`, idType: 'CPR' as const, id: '' };
            setFocusCopy(c.key);
            setCopies([...copies, c]);
          },
          ...data({ testid: `add-copy-${props.index}` }),
        },
        `+ ${messages.addCopy}`,
      ),
    ),
  );
}

/** The recipients section. `onFind` opens the merge-letter panel (split the document by recipient). */
export function RecipientsEditor(props: {
  api: BrevdueApi;
  rows: RecipientRow[];
  onChange: (rows: RecipientRow[]) => void;
  onFind: () => void;
  busy: boolean;
  guardianCopies: boolean;
  onGuardianCopies: (on: boolean) => void;
  /** "Add at least one valid recipient", shown at the first row. */
  error?: string;
}) {
  const s = useStyles();
  const { rows, onChange } = props;
  // The row just added takes the focus (not the first row at page load).
  const [focusKey, setFocusKey] = useState<string>();
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
        focus: focusKey === row.key,
        formError: i === 0 ? props.error : undefined,
        onChange: (r: RecipientRow) => onChange(rows.map((x) => (x.key === r.key ? r : x))),
        onRemove: () => onChange(rows.filter((x) => x.key !== row.key)),
      }),
    ),
    h(Checkbox, {
      label: messages.guardianCopies,
      checked: props.guardianCopies,
      onChange: (_e, d) => props.onGuardianCopies(d.checked === true),
      ...data({ testid: 'guardian-copies' }),
    }),
    h(
      'div',
      { className: s.actions },
      h(
        Button,
        {
          onClick: () => {
            const r = newRow();
            setFocusKey(r.key);
            onChange([...rows, r]);
          },
          ...data({ testid: 'add-recipient' }),
        },
        messages.addRecipient,
      ),
      h(Button, { onClick: props.onFind, disabled: props.busy, ...data({ testid: 'find-recipients' }) }, messages.findInDocument),
    ),
  );
}
