/**
 * @module
 * The console's modal form dialog: a title, the fields, and Cancel beside the submit button.
 * Enter or the button submits; Escape, Cancel or a click outside closes it, except while it works.
 * @example h(FormDialog, { title, busy, onClose, onSubmit: save, submitLabel: t.save, submitTestId: 'user-submit' }, fields)
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { h } from '../common/h.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { submitted } from './form-submit.ts';

export function FormDialog(props: {
  title: string;
  busy: boolean;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  submitTestId: string;
  /** Let the dialog say what is missing in its own words instead of the browser's. */
  noValidate?: boolean;
  children?: ReactNode;
}) {
  const { t } = useConsole();
  const s = useConsoleStyles();
  const surface = h(
    DialogSurface,
    { 'aria-describedby': undefined },
    h(
      'form',
      { ...(props.noValidate ? { noValidate: true } : {}), onSubmit: submitted(props.onSubmit) },
      h(
        DialogBody,
        null,
        h(DialogTitle, null, props.title),
        h(DialogContent, { className: s.form }, props.children),
        h(
          DialogActions,
          null,
          h(Button, { appearance: 'secondary', disabled: props.busy, onClick: props.onClose }, t.cancel),
          h(
            Button,
            { appearance: 'primary', type: 'submit', disabled: props.busy, ...{ 'data-testid': props.submitTestId } },
            props.submitLabel,
          ),
        ),
      ),
    ),
  );
  return h(Dialog, {
    open: true,
    modalType: 'modal',
    onOpenChange: (_: unknown, d: { open: boolean }) => void (!d.open && !props.busy && props.onClose()),
    children: surface,
  });
}
