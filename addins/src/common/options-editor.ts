/**
 * @module
 * Options: reply allowed, deferred send date, extra attachments from disk.
 */
import { Button, Checkbox, Field, Input, Text } from '@fluentui/react-components';
import { useRef } from 'react';
import { formatSize } from './format-size.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

export interface Options {
  replyAllowed: boolean;
  /** `datetime-local` value or ''. */
  sendAt: string;
  files: File[];
}

export function OptionsEditor(props: { value: Options; onChange: (o: Options) => void; error?: string }) {
  const s = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const o = props.value;
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'options-title' },
    h(Text, { id: 'options-title', weight: 'semibold', size: 400, as: 'h2' }, messages.options),
    h(Checkbox, {
      label: messages.replyAllowed,
      checked: o.replyAllowed,
      onChange: (_e, d) => props.onChange({ ...o, replyAllowed: d.checked === true }),
    }),
    h(
      Field,
      { label: messages.sendAt },
      h(Input, { type: 'datetime-local', value: o.sendAt, onChange: (_e, d) => props.onChange({ ...o, sendAt: d.value }) }),
    ),
    h(
      Field,
      { label: messages.attachments, validationMessage: props.error, validationState: props.error ? 'error' : 'none' },
      h(
        'div',
        { className: s.actions },
        h('input', {
          ref: input,
          type: 'file',
          multiple: true,
          accept: '.pdf,.docx,application/pdf',
          hidden: true,
          ...data({ testid: 'attachments-input' }),
          onChange: (e: { target: HTMLInputElement }) => {
            props.onChange({ ...o, files: [...o.files, ...Array.from(e.target.files ?? [])] });
            e.target.value = '';
          },
        }),
        h(Button, { onClick: () => input.current?.click() }, messages.chooseFile),
      ),
    ),
    o.files.length
      ? h(
          'ul',
          { className: s.list },
          ...o.files.map((f, i) =>
            h(
              'li',
              { key: `${f.name}${i}`, className: s.letterLine },
              h(Text, { className: s.numberField, truncate: true, wrap: false, title: f.name }, `${f.name} (${formatSize(f.size)})`),
              h(
                Button,
                {
                  size: 'small',
                  appearance: 'subtle',
                  'aria-label': `${messages.removeAttachment} ${f.name}`,
                  onClick: () => props.onChange({ ...o, files: o.files.filter((_, j) => j !== i) }),
                },
                '✕',
              ),
            ),
          ),
        )
      : null,
  );
}
