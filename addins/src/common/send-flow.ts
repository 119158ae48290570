/**
 * @module
 * The common flow of every pane: document → subject → recipients (typed, or the letters a
 * merged document splits into, each sent with its own document) → action → options → preview
 * → send → live status. Hosts differ only in their {@link DocumentSource}.
 */
import { Button, Field, Input, Link, MessageBar, MessageBarBody, ProgressBar, Text } from '@fluentui/react-components';
import { actionSchema, normaliseCpr, type ActionCode, type ShipmentRequestInput } from '@brevdue/shared';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, type BrevdueApi } from './api-client.ts';
import type { ShipmentPreview, ShipmentView, DocumentView, SplitRequestInput, SplitView } from '@brevdue/shared/api';
import { ActionEditor } from './action-editor.ts';
import type { DocumentSource, PrepareProgress, PreparedDocuments } from './document-source.ts';
import {
  buildAction,
  emptyActionFields,
  isCompleteRecipient,
  localToIso,
  recipientError,
  type ActionFields,
  type RecipientRow,
} from './form-values.ts';
import { formatSize } from './format-size.ts';
import { data, h } from './h.ts';
import { LetterStatusList } from './letter-status-list.ts';
import { MergePanel } from './merge-panel.ts';
import { mergeText, messages } from './messages.ts';
import { OptionsEditor, type Options } from './options-editor.ts';
import { PreviewList } from './preview-list.ts';
import { newRow, RecipientsEditor } from './recipients-editor.ts';
import { runSplit } from './split-letters.ts';
import { useStyles } from './styles.ts';
import { assertWithinLimit } from './upload-limit.ts';

type Busy = 'prepare' | 'split' | 'preview' | 'send' | null;

function progressText(p: PrepareProgress): string {
  if (p.phase === 'export') return messages.exporting;
  const pct = p.total ? Math.round((100 * p.sent) / p.total) : 0;
  return p.sent >= p.total && p.total > 0 ? messages.uploaded : `${messages.uploading} ${pct} %`;
}

/** Moves the focus to the first field marked invalid, once React has drawn the marks. */
function focusFirstInvalid(): void {
  setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

/**
 * The whole flow for one letter. `onUnauthorized` is called when the platform answers 401;
 * `documentActions` are the host's own buttons beside the document (/send: replace it);
 * `onShowMine` opens "Mine forsendelser".
 */
export function SendFlow(props: {
  api: BrevdueApi;
  source: DocumentSource;
  onUnauthorized: () => void;
  documentActions?: ReactNode;
  onShowMine?: () => void;
}) {
  const s = useStyles();
  const { api, source } = props;
  const subjectInput = useRef<HTMLInputElement>(null);
  const [subjectError, setSubjectError] = useState<string>();
  const [recipientsError, setRecipientsError] = useState<string>();
  const [documentError, setDocumentError] = useState<string>();
  const [guardianCopies, setGuardianCopies] = useState(false);
  const [subject, setSubject] = useState('');
  const [rows, setRows] = useState<RecipientRow[]>(() => [newRow()]);
  const [code, setCode] = useState<ActionCode | ''>('');
  const [fields, setFields] = useState<ActionFields>(emptyActionFields);
  const [options, setOptions] = useState<Options>({ replyAllowed: false, sendAt: '', files: [] });
  const [prepared, setPrepared] = useState<PreparedDocuments & { extras: DocumentView[] }>();
  const [progress, setProgress] = useState<PrepareProgress>();
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string>();
  const [actionErrors, setActionErrors] = useState<Partial<Record<keyof ActionFields, string>>>({});
  const [preview, setPreview] = useState<ShipmentPreview>();
  const [shipment, setShipment] = useState<ShipmentView>();
  // Merge letters: the panel is open, the split while it runs, the finished split, the letters removed.
  const [merging, setMerging] = useState(false);
  const [running, setRunning] = useState<SplitView>();
  const [split, setSplit] = useState<SplitView>();
  const [removed, setRemoved] = useState<string[]>([]);
  const letters = useMemo(
    () => (merging && split ? split.letters.filter((l) => !removed.includes(l.document)) : undefined),
    [merging, split, removed],
  );
  const stopPolling = useRef(new AbortController());
  useEffect(() => () => stopPolling.current.abort(), []);

  useEffect(() => {
    void source.suggestSubject().then(
      (t) => setSubject((cur) => cur || t),
      () => {},
    );
  }, [source]);
  // The user works in the form from here on (after sign-in, after choosing a file): start at the subject.
  useEffect(() => subjectInput.current?.focus(), []);
  // Anything changed after a preview makes it stale: preview again before sending.
  useEffect(() => setPreview(undefined), [subject, rows, code, fields, options, merging, letters, guardianCopies, source]);
  useEffect(() => setSubjectError(undefined), [subject]);
  useEffect(() => setRecipientsError(undefined), [rows]);
  // New extra files mean the uploaded set is incomplete.
  useEffect(() => setPrepared((p) => (p && p.extras.length !== options.files.length ? undefined : p)), [options.files]);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), [preview]);

  const { onUnauthorized } = props;
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) return onUnauthorized();
      setError(e instanceof Error ? e.message : String(e));
    },
    [onUnauthorized],
  );

  /** Exports and uploads the documents once (plus extra files), with progress. */
  const ensurePrepared = async () => {
    if (prepared) return prepared;
    setProgress({ phase: 'export' });
    const extraBytes = options.files.reduce((n, f) => n + f.size, 0);
    assertWithinLimit(extraBytes);
    const main = await source.prepare(api, setProgress);
    assertWithinLimit(main.mainDocument.bytes + main.attachments.reduce((n, d) => n + d.bytes, 0) + extraBytes);
    const extras: DocumentView[] = [];
    for (const f of options.files)
      extras.push(await api.uploadDocument(f, f.name, (sent, total) => setProgress({ phase: 'upload', sent, total })));
    const p = { ...main, extras };
    setPrepared(p);
    setProgress(undefined);
    return p;
  };

  // A new document (replaced on /send, or fetched again from Word/Outlook) must be uploaded anew.
  const [sourceSeen, setSourceSeen] = useState(source);
  if (sourceSeen !== source) {
    setSourceSeen(source);
    setPrepared(undefined);
    setDocumentError(undefined);
    setSplit(undefined);
  }
  /** Uploads now; a refusal (corrupt PDF, too large) is shown beside the document, not at the bottom. */
  const uploadNow = () => {
    setBusy('prepare');
    setDocumentError(undefined);
    ensurePrepared()
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) return onUnauthorized();
        setProgress(undefined);
        setDocumentError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => setBusy(null));
  };
  useEffect(() => {
    if (source.prepareAtOnce && !prepared) uploadNow();
    // Once per document: `uploadNow` reads the current state itself.
  }, [source]);

  const run = async <T>(what: Busy, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(what);
    setError(undefined);
    try {
      return await fn();
    } catch (e) {
      setProgress(undefined);
      fail(e);
      return undefined;
    } finally {
      setBusy(null);
    }
  };

  /** Uploads the document if needed and splits it into one letter per recipient, with progress. */
  const doSplit = (req: SplitRequestInput) =>
    void run('split', async () => {
      const p = await ensurePrepared();
      setRemoved([]);
      setRunning({ id: '', status: 'running', progress: { pages: 0, of: p.mainDocument.pages ?? 0 }, letters: [], unassignedPages: [] });
      try {
        setSplit(await runSplit(api, p.mainDocument.id, req, setRunning, stopPolling.current.signal));
      } finally {
        setRunning(undefined);
      }
    });

  /** Checks the form; returns the request or undefined after showing what is wrong. */
  const request = (p: PreparedDocuments & { extras: DocumentView[] }): ShipmentRequestInput | undefined => {
    const action = code ? buildAction(code, fields) : undefined;
    if (action) {
      const parsed = actionSchema.safeParse(action);
      if (!parsed.success) {
        const errs: Partial<Record<keyof ActionFields, string>> = {};
        for (const i of parsed.error.issues) {
          const f = String(i.path[0] ?? 'label');
          const key = (
            f === 'dueDate' || f === 'amount' || f === 'url' || f === 'start' || f === 'end' || f === 'place' || f === 'deadline'
              ? f
              : 'label'
          ) as keyof ActionFields;
          errs[key] ??= i.message;
        }
        setActionErrors(errs);
        return undefined;
      }
    }
    setActionErrors({});
    return {
      subject: subject.trim(),
      // Merge letters: each recipient its own document, never the whole merged one.
      ...(letters
        ? {
            recipients: letters.flatMap((l) =>
              l.recipient ? [{ idType: l.recipient.idType, id: l.recipient.id, document: l.document }] : [],
            ),
          }
        : {
            mainDocument: p.mainDocument.id,
            recipients: rows.filter(isCompleteRecipient).map((r) => {
              const copies = (r.copies ?? []).filter(isCompleteRecipient).map((c) => ({ idType: c.idType, id: normaliseCpr(c.id) }));
              return {
                idType: r.idType,
                id: normaliseCpr(r.id),
                ...(r.idType === 'CVR' && r.pNumber ? { pNumber: r.pNumber } : {}),
                ...(copies.length ? { copies } : {}),
              };
            }),
          }),
      attachments: [...p.attachments, ...p.extras].map((d) => d.id),
      actions: action ? [action] : [],
      options: {
        replyAllowed: options.replyAllowed,
        ...(localToIso(options.sendAt) ? { sendAt: localToIso(options.sendAt) } : {}),
        ...(guardianCopies ? { guardianCopies: true } : {}),
      },
    };
  };

  // Button handlers: `run` catches and shows every error, so the promise cannot reject and is dropped on purpose.
  /** Marks the fields in error, each at the field; false when there is one. */
  const formChecks = (): boolean => {
    const subjectMissing = !subject.trim();
    setSubjectError(subjectMissing ? messages.subjectRequired : undefined);
    const badRows =
      !merging &&
      (rows.some((r) => recipientError(r) || (r.copies ?? []).some((c) => recipientError(c))) || !rows.some(isCompleteRecipient));
    // A row with a bad number shows its own message; none valid at all is said at the first row.
    setRecipientsError(
      !merging && !rows.some(isCompleteRecipient) && !rows.some((r) => recipientError(r)) ? messages.recipientRequired : undefined,
    );
    return !subjectMissing && !badRows;
  };

  const doPreview = () =>
    void run('preview', async () => {
      if (!formChecks()) {
        focusFirstInvalid();
        throw new Error(messages.fixFields);
      }
      if (merging) {
        if (!letters) throw new Error(mergeText.splitFirst);
        if (letters.length === 0) throw new Error(mergeText.noLetters);
        if (letters.some((l) => !l.recipient)) throw new Error(mergeText.noRecipientBlocks);
      }
      const p = await ensurePrepared();
      const body = request(p);
      if (!body) {
        focusFirstInvalid();
        throw new Error(messages.fixFields);
      }
      setPreview(await api.preview(body));
    });

  const doSend = () =>
    void run('send', async () => {
      const body = prepared && request(prepared);
      if (body) setShipment(await api.send(body, idempotencyKey));
    });

  if (shipment) {
    return h(
      'div',
      { className: s.section },
      h(Text, { as: 'h2', size: 500, weight: 'semibold', ...data({ testid: 'sent-subject' }) }, messages.sentSubject(shipment.subject)),
      h(LetterStatusList, { api, shipment }),
      h(
        'div',
        { className: s.linkRow },
        h(Button, { appearance: 'primary', onClick: () => window.location.reload() }, messages.newLetter),
        props.onShowMine ? h(Link, { as: 'button', onClick: props.onShowMine, ...data({ testid: 'to-mine' }) }, messages.toMine) : null,
      ),
    );
  }

  return h(
    'div',
    { className: s.section },
    h(
      'section',
      { className: s.section, 'aria-labelledby': 'doc-title' },
      h(Text, { id: 'doc-title', weight: 'semibold', size: 400, as: 'h2' }, messages.documentSection),
      h(Text, { ...data({ testid: 'document-description' }) }, source.description),
      ...source.notices.map((n, i) => h(MessageBar, { key: i, intent: 'warning', layout: 'multiline' }, h(MessageBarBody, null, n))),
      progress
        ? h(
            Field,
            { validationMessage: progressText(progress), validationState: 'none' },
            h(ProgressBar, {
              value: progress.phase === 'upload' && progress.total ? progress.sent / progress.total : undefined,
              'aria-label': progressText(progress),
              ...data({ testid: 'upload-progress' }),
            }),
          )
        : null,
      documentError
        ? h(
            MessageBar,
            { intent: 'error', role: 'alert', layout: 'multiline' },
            h(MessageBarBody, { ...data({ testid: 'document-error' }) }, documentError),
          )
        : null,
      prepared && !progress
        ? h(
            Text,
            { size: 200, className: s.muted, ...data({ testid: 'document-ready' }) },
            messages.documentReady(prepared.mainDocument.filename, formatSize(prepared.mainDocument.bytes), prepared.mainDocument.pages),
          )
        : null,
      h(
        'div',
        { className: s.linkRow },
        props.documentActions,
        // Word and Outlook: the user edited the document after it was fetched. The preview showed
        // the old one, so it goes too: Preview exports and shows the document as it is now.
        !source.prepareAtOnce && prepared
          ? h(
              Button,
              {
                size: 'small',
                disabled: busy !== null,
                onClick: () => (setPrepared(undefined), setSplit(undefined), setPreview(undefined)),
                ...data({ testid: 'reload-document' }),
              },
              messages.reloadDocument,
            )
          : null,
      ),
      prepared?.refused.map((r, i) =>
        h(
          MessageBar,
          { key: `r${i}`, intent: 'warning', layout: 'multiline' },
          h(MessageBarBody, null, messages.refusedAttachment(r.filename, r.reason)),
        ),
      ),
    ),
    h(
      Field,
      {
        label: messages.subject,
        required: true,
        validationState: subjectError ? 'error' : 'none',
        validationMessage: subjectError,
      },
      h(Input, {
        ref: subjectInput,
        value: subject,
        maxLength: 255,
        onChange: (_e, d) => setSubject(d.value),
        ...data({ testid: 'subject' }),
      }),
    ),
    merging
      ? h(MergePanel, {
          api,
          busy: busy !== null,
          running,
          split,
          removed,
          onSplit: doSplit,
          onRemove: (d: string) => setRemoved((r) => [...r, d]),
          onChooseAgain: () => setSplit(undefined),
          onManual: () => (setMerging(false), setSplit(undefined)),
          onError: fail,
        })
      : h(RecipientsEditor, {
          api,
          rows,
          onChange: setRows,
          onFind: () => setMerging(true),
          busy: busy !== null,
          guardianCopies,
          onGuardianCopies: setGuardianCopies,
          error: recipientsError,
        }),
    h(ActionEditor, { code, fields, errors: actionErrors, onCode: setCode, onFields: setFields }),
    h(OptionsEditor, { value: options, onChange: setOptions }),
    error
      ? h(MessageBar, { intent: 'error', role: 'alert', layout: 'multiline' }, h(MessageBarBody, { ...data({ testid: 'error' }) }, error))
      : null,
    preview
      ? h(PreviewList, {
          api,
          preview,
          ownDocuments: letters !== undefined,
          actions: code ? [buildAction(code, fields)] : [],
        })
      : null,
    h(
      'div',
      { className: s.commandBar, role: 'group', 'aria-label': messages.preview, ...data({ testid: 'command-bar' }) },
      h(
        Button,
        {
          onClick: doPreview,
          disabled: busy !== null,
          appearance: preview ? 'secondary' : 'primary',
          ...data({ testid: 'preview-button' }),
        },
        messages.preview,
      ),
      h(
        Button,
        {
          onClick: doSend,
          disabled: busy !== null || !preview || !preview.recipients.some((r) => r.channel),
          appearance: preview ? 'primary' : 'secondary',
          ...data({ testid: 'send-button' }),
        },
        busy === 'send' ? messages.sending : messages.send,
      ),
    ),
  );
}
