/**
 * @module
 * Drag-and-drop zone with a keyboard-reachable "choose file" button.
 */
import { Button, MessageBar, MessageBarBody, Text, mergeClasses } from '@fluentui/react-components';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { data, h } from '../common/h.ts';
import { messages } from '../common/messages.ts';
import { useStyles } from '../common/styles.ts';
import { fileProblem } from './file-source.ts';

export function FileDrop(props: { onFile: (f: File) => void }) {
  const s = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const choose = useRef<HTMLButtonElement>(null);
  // Signed in, the one thing to do is choose the letter: start there.
  useEffect(() => choose.current?.focus(), []);
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string>();
  const take = (f: File | undefined) => {
    if (!f) return;
    const problem = fileProblem(f);
    setError(problem);
    if (!problem) props.onFile(f);
  };
  const zone = h(
    'div',
    {
      className: mergeClasses(s.drop, over && s.dropActive),
      ...data({ testid: 'drop-zone' }),
      onDragOver: (e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files[0]);
      },
    },
    h(Text, null, messages.dropHere),
    h('input', {
      ref: input,
      type: 'file',
      accept: '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      hidden: true,
      ...data({ testid: 'file-input' }),
      onChange: (e: { target: HTMLInputElement }) => take(e.target.files?.[0]),
    }),
    h(
      Button,
      { ref: choose, appearance: 'primary', onClick: () => input.current?.click(), ...data({ testid: 'choose-file' }) },
      messages.chooseFile,
    ),
  );
  return h(
    'div',
    { className: s.section },
    zone,
    error ? h(MessageBar, { intent: 'error', layout: 'multiline' }, h(MessageBarBody, { ...data({ testid: 'file-error' }) }, error)) : null,
  );
}
