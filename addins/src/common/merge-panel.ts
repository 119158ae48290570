/**
 * @module
 * The recipients section of a merged document ("Find modtagere i dokumentet"): choose how to
 * split it, optionally remove CPR numbers, follow the split's progress, then the letters found —
 * each with its recipient, name and pages, removable with ✕ and viewable page by page. Every
 * letter is then sent with its own document, never the whole merged PDF.
 */
import {
  Button,
  Checkbox,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Radio,
  RadioGroup,
  Text,
} from '@fluentui/react-components';
import type { SplitRequestInput, SplitView } from '@brevdue/shared/api';
import { useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { LetterPagePreview } from './letter-page-preview.ts';
import { mergeText, messages } from './messages.ts';
import { letterLabel, pageRanges } from './split-letters.ts';
import { useStyles } from './styles.ts';

type Method = 'identifier' | 'pages';

/** The request for the chosen method, or undefined when the page count is not a whole number 1–10,000. */
function splitRequest(method: Method, pagesPerLetter: string, redactCpr: boolean): SplitRequestInput | undefined {
  if (method === 'identifier') return { by: 'identifier', redactCpr };
  const n = Number(pagesPerLetter);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? { by: 'pages', pagesPerLetter: n, redactCpr } : undefined;
}

export interface MergePanelProps {
  api: BrevdueApi;
  busy: boolean;
  /** The split while it runs. */
  running?: SplitView;
  /** The finished split. */
  split?: SplitView;
  /** Documents of the letters the user removed. */
  removed: readonly string[];
  onSplit: (request: SplitRequestInput) => void;
  onRemove: (document: string) => void;
  /** Back to choosing the split method. */
  onChooseAgain: () => void;
  /** Back to typing recipients by hand (the whole document to each). */
  onManual: () => void;
  onError: (e: unknown) => void;
}

function SplitChoice(props: MergePanelProps) {
  const s = useStyles();
  const [method, setMethod] = useState<Method>('identifier');
  const [pagesPerLetter, setPagesPerLetter] = useState('1');
  const [redactCpr, setRedactCpr] = useState(false);
  const request = splitRequest(method, pagesPerLetter, redactCpr);
  const running = props.running;
  const progressText = mergeText.splitting(running?.progress.pages ?? 0, running?.progress.of ?? 0);
  return h(
    'div',
    { className: s.section },
    h(Text, { id: 'split-method-title', weight: 'semibold', as: 'h3' }, mergeText.title),
    h(Text, { size: 200, className: s.muted }, mergeText.help),
    h(
      RadioGroup,
      {
        value: method,
        'aria-labelledby': 'split-method-title',
        onChange: (_e, d) => setMethod(d.value as Method),
        ...data({ testid: 'split-method' }),
      },
      h(Radio, { value: 'identifier', label: mergeText.byIdentifier, ...data({ testid: 'split-by-identifier' }) }),
      h(Radio, { value: 'pages', label: mergeText.byPages, ...data({ testid: 'split-by-pages' }) }),
    ),
    method === 'pages'
      ? h(
          Field,
          {
            label: mergeText.pagesPerLetter,
            validationState: request ? 'none' : 'error',
            validationMessage: request ? undefined : mergeText.pagesPerLetterInvalid,
          },
          h(Input, {
            type: 'number',
            min: 1,
            max: 10_000,
            value: pagesPerLetter,
            onChange: (_e, d) => setPagesPerLetter(d.value),
            ...data({ testid: 'pages-per-letter' }),
          }),
        )
      : null,
    h(Checkbox, {
      label: mergeText.redactCpr,
      checked: redactCpr,
      onChange: (_e, d) => setRedactCpr(d.checked === true),
      ...data({ testid: 'redact-cpr' }),
    }),
    h(Text, { size: 200, className: s.muted }, mergeText.redactCprHint),
    running
      ? h(
          Field,
          { validationMessage: progressText, validationState: 'none' },
          h(ProgressBar, {
            value: running.progress.of > 0 ? running.progress.pages / running.progress.of : undefined,
            'aria-label': progressText,
            ...data({ testid: 'split-progress' }),
          }),
        )
      : null,
    h(
      'div',
      { className: s.actions },
      h(
        Button,
        {
          appearance: 'primary',
          disabled: props.busy || !request,
          onClick: () => request && props.onSplit(request),
          ...data({ testid: 'split-button' }),
        },
        mergeText.split,
      ),
      h(Button, { disabled: props.busy, onClick: props.onManual }, mergeText.manualRecipients),
    ),
  );
}

function LetterList(props: MergePanelProps & { split: SplitView }) {
  const s = useStyles();
  const [shown, setShown] = useState<string>();
  const letters = props.split.letters
    .map((l, i) => ({ letter: l, label: letterLabel(l, i), filename: mergeText.letterFilename(i + 1) }))
    .filter((x) => !props.removed.includes(x.letter.document));
  const unassigned = props.split.unassignedPages;
  return h(
    'div',
    { className: s.section },
    h(Text, { weight: 'semibold', as: 'h3', role: 'status', ...data({ testid: 'letters-found' }) }, mergeText.lettersFound(letters.length)),
    unassigned.length
      ? h(
          MessageBar,
          { intent: 'warning', layout: 'multiline' },
          h(MessageBarBody, { ...data({ testid: 'unassigned-pages' }) }, mergeText.unassigned(pageRanges(unassigned))),
        )
      : null,
    letters.length === 0 ? h(Text, { className: s.muted }, mergeText.noLetters) : null,
    h(
      'ul',
      { className: s.list, 'aria-label': mergeText.lettersFound(letters.length) },
      ...letters.map(({ letter, label, filename }) =>
        h(
          'li',
          { key: letter.document, className: s.listItem, ...data({ testid: 'split-letter', document: letter.document }) },
          h(
            'div',
            { className: s.letterLine },
            h(
              'div',
              { className: s.grow },
              h(Text, { weight: 'semibold', block: true }, label),
              h(Text, { size: 200, className: s.muted }, `${mergeText.pages(pageRanges(letter.pages), letter.pages.length)} · `),
              // A link-styled button: the pane is narrow, and this is a secondary action of the line.
              h(
                Link,
                {
                  as: 'button',
                  onClick: () => setShown(shown === letter.document ? undefined : letter.document),
                  'aria-expanded': shown === letter.document,
                  ...data({ testid: 'show-letter' }),
                },
                shown === letter.document ? mergeText.hidePages : mergeText.showPages,
              ),
            ),
            h(
              Button,
              {
                size: 'small',
                appearance: 'subtle',
                'aria-label': mergeText.removeLetter(label),
                onClick: () => props.onRemove(letter.document),
                ...data({ testid: 'remove-letter' }),
              },
              '✕',
            ),
          ),
          letter.recipient ? null : h(Text, { size: 200, className: s.warningText }, mergeText.noRecipient),
          shown === letter.document
            ? h(LetterPagePreview, { api: props.api, document: letter.document, label, filename, onError: props.onError })
            : null,
        ),
      ),
    ),
    h(
      'div',
      { className: s.actions },
      h(Button, { disabled: props.busy, onClick: props.onChooseAgain }, mergeText.chooseAgain),
      h(Button, { disabled: props.busy, onClick: props.onManual }, mergeText.manualRecipients),
    ),
  );
}

export function MergePanel(props: MergePanelProps) {
  const s = useStyles();
  return h(
    'section',
    { className: s.section, 'aria-labelledby': 'recipients-title', ...data({ testid: 'merge-panel' }) },
    h(Text, { id: 'recipients-title', weight: 'semibold', size: 400, as: 'h2' }, messages.recipients),
    props.split ? h(LetterList, { ...props, split: props.split }) : h(SplitChoice, props),
  );
}
