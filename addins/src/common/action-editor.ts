/**
 * @module
 * The action section: pick an action code, fill the form that fits it.
 */
import { Field, Input, Select, Text } from '@fluentui/react-components';
import { ACTION_CODES, type ActionCode } from '@brevdue/shared';
import { ACTION_FORM, type ActionFields } from './form-values.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

const FIELD_INPUT: Record<keyof ActionFields, { label: string; type: string }> = {
  label: { label: messages.actionLabel, type: 'text' },
  start: { label: messages.start, type: 'datetime-local' },
  end: { label: messages.end, type: 'datetime-local' },
  place: { label: messages.place, type: 'text' },
  amount: { label: messages.amount, type: 'text' },
  dueDate: { label: messages.dueDate, type: 'date' },
  url: { label: messages.link, type: 'url' },
  deadline: { label: messages.deadline, type: 'datetime-local' },
};

/** Action code picker and its form. `errors` maps a field to the message to show under it. */
export function ActionEditor(props: {
  code: ActionCode | '';
  fields: ActionFields;
  errors: Partial<Record<keyof ActionFields, string>>;
  onCode: (c: ActionCode | '') => void;
  onFields: (f: ActionFields) => void;
}) {
  const s = useStyles();
  const form = props.code ? ACTION_FORM[props.code] : undefined;
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'action-title' },
    h(Text, { id: 'action-title', weight: 'semibold', size: 400, as: 'h2' }, messages.action),
    h(
      Field,
      { label: messages.action },
      h(
        Select,
        { value: props.code, onChange: (_e, d) => props.onCode(d.value as ActionCode | ''), ...data({ testid: 'action-code' }) },
        h('option', { value: '' }, messages.noAction),
        ...ACTION_CODES.map((c) => h('option', { key: c, value: c }, messages.actionNames[c])),
      ),
    ),
    form
      ? h(
          'div',
          { className: s.row },
          ...form.fields.map((f) =>
            h(
              Field,
              {
                key: f,
                label: FIELD_INPUT[f].label,
                required: form.required.includes(f),
                className: s.grow,
                validationState: props.errors[f] ? 'error' : 'none',
                validationMessage: props.errors[f],
              },
              h(Input, {
                type: FIELD_INPUT[f].type as 'text',
                value: props.fields[f],
                onChange: (_e, d) => props.onFields({ ...props.fields, [f]: d.value }),
                ...data({ testid: `action-${f}` }),
              }),
            ),
          ),
        )
      : null,
  );
}
