/**
 * @module
 * The dialog that works a failed letter off the error list: send it again to the same
 * recipient, or to a corrected one (number, name, and a postal address for a printed letter).
 * The number typed is sent once and never shown back; the list shows recipients masked.
 */
import { Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { inLanguage, maskCprsInText, type Recipient } from '@brevdue/shared';
import type { LetterView } from '@brevdue/shared/api';
import { ApiError } from '../common/api-client.ts';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { FormDialog } from './form-dialog.ts';

type Mode = 'same' | 'fixed';

interface Form {
  idType: 'CPR' | 'CVR';
  id: string;
  name: string;
  line: string;
  postalCode: string;
  city: string;
}

const EMPTY: Form = { idType: 'CPR', id: '', name: '', line: '', postalCode: '', city: '' };

/** The corrected recipient of the form, or the text of what to fill in first (with the field). */
function recipientOf(f: Form, t: ReturnType<typeof useConsole>['t']): Recipient | { error: string; field: keyof Form } {
  const id = f.id.replace(/[\s-]/g, '');
  if (!id) return { error: t.idMissing, field: 'id' };
  const address = [f.line, f.postalCode, f.city].map((x) => x.trim());
  const anyAddress = address.some(Boolean);
  if (anyAddress && !address.every(Boolean))
    return { error: t.addressIncomplete, field: address[0] ? (address[1] ? 'city' : 'postalCode') : 'line' };
  if (anyAddress && !f.name.trim()) return { error: t.addressNeedsName, field: 'name' };
  return {
    idType: f.idType,
    id,
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    ...(anyAddress
      ? { address: { name: f.name.trim(), lines: [address[0]!], postalCode: address[1]!, city: address[2]!, country: 'DK' } }
      : {}),
  };
}

/** Which form field an API error's `field` (e.g. `recipient.address.postalCode`) points at. */
function formFieldOf(field: string | undefined): keyof Form | undefined {
  if (!field) return undefined;
  if (field.startsWith('recipient.address.lines')) return 'line';
  if (field.startsWith('recipient.address.postalCode')) return 'postalCode';
  if (field.startsWith('recipient.address.city')) return 'city';
  if (field.startsWith('recipient.address') || field.startsWith('recipient.name')) return 'name';
  if (field.startsWith('recipient')) return 'id';
  return undefined;
}

/** The resend dialog for `letter`; `onDone` with the new letter after a resend, `onClose` to close without one. */
export function ResendDialog(props: { letter: LetterView; who: string; onClose: () => void; onDone: (fresh: LetterView) => void }) {
  const { t, api, lang } = useConsole();
  const s = useConsoleStyles();
  const [mode, setMode] = useState<Mode>('fixed');
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<{ text: string; field?: keyof Form }>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));

  const submit = async () => {
    setError(undefined);
    let recipient: Recipient | undefined;
    if (mode === 'fixed') {
      const r = recipientOf(form, t);
      if ('error' in r) return setError({ text: r.error, field: r.field });
      recipient = r;
    }
    setBusy(true);
    try {
      const fresh = await api.resend(props.letter.id, recipient);
      props.onDone(fresh);
    } catch (e) {
      const field = e instanceof ApiError ? formFieldOf(e.field) : undefined;
      setError({ text: maskCprsInText(inLanguage((e as Error).message, lang)), ...(field ? { field } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof Form, label: string, extra: Record<string, unknown> = {}, className?: string) =>
    h(
      Field,
      {
        label,
        className,
        validationState: error?.field === k ? 'error' : 'none',
        ...(error?.field === k ? { validationMessage: error.text } : {}),
        ...extra,
      },
      h(Input, { value: form[k], onChange: set(k), autoComplete: 'off', ...{ 'data-testid': `resend-${k}` } }),
    );

  return h(
    FormDialog,
    {
      title: t.resendTitle,
      busy: busy,
      onClose: props.onClose,
      onSubmit: () => void submit(),
      submitLabel: busy ? t.sending : t.send,
      submitTestId: 'resend-submit',
    },
    h(Text, null, `${t.colRecipient}: ${props.who}`),
    props.letter.reason
      ? h(Text, { className: s.muted }, `${t.colReason}: ${maskCprsInText(inLanguage(props.letter.reason, lang))}`)
      : null,
    h(
      RadioGroup,
      { value: mode, onChange: (_: unknown, d: { value: string }) => setMode(d.value as Mode), 'aria-label': t.resendTitle },
      h(Radio, { value: 'fixed', label: t.resendFixed, ...{ 'data-testid': 'resend-mode-fixed' } }),
      h(Radio, { value: 'same', label: t.resendSame, ...{ 'data-testid': 'resend-mode-same' } }),
    ),
    mode === 'fixed'
      ? h(
          'div',
          { className: s.form },
          h(
            'div',
            { className: s.row },
            h(
              Field,
              { label: t.idType, className: s.narrow },
              h(
                Select,
                {
                  value: form.idType,
                  onChange: (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, idType: d.value as Form['idType'] })),
                },
                h('option', { value: 'CPR' }, 'CPR'),
                h('option', { value: 'CVR' }, 'CVR'),
              ),
            ),
            field('id', t.recipientId, { hint: t.recipientIdHint, required: true }, s.grow),
          ),
          field('name', t.recipientName),
          h(Text, { as: 'h2', size: 300, weight: 'semibold' }, t.addressHeading),
          field('line', t.addressLine),
          h('div', { className: s.row }, field('postalCode', t.postalCode, {}, s.narrow), field('city', t.city, {}, s.grow)),
        )
      : null,
    error && !error.field ? h(MessageBar, { intent: 'error' }, h(MessageBarBody, { role: 'alert' }, error.text)) : null,
  );
}
