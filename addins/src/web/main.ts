/**
 * @module
 * Entry point of the /send page: the same flow as the task panes, for a file from disk, which
 * can be replaced without losing what was typed.
 */
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { Fragment, useRef, useState } from 'react';
import type { BrevdueApi } from '../common/api-client.ts';
import { mountPane } from '../common/app-shell.ts';
import type { DocumentSource } from '../common/document-source.ts';
import { data, h } from '../common/h.ts';
import { messages } from '../common/messages.ts';
import { PaneViews } from '../common/pane-views.ts';
import { SendFlow } from '../common/send-flow.ts';
import { createWebTokenProvider } from '../common/auth/create-token-provider.ts';
import { memoryStore, partitionedLocalStorage } from '../common/token-provider.ts';
import { FileDrop } from './file-drop.ts';
import { fileProblem, fileSource } from './file-source.ts';

/** "Erstat dokument": picks another file for the same letter; a file that cannot be sent is said here, and the document stays. */
function ReplaceButton(props: { onFile: (f: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string>();
  return h(
    Fragment,
    null,
    h('input', {
      ref: input,
      type: 'file',
      accept: '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      hidden: true,
      ...data({ testid: 'replace-input' }),
      onChange: (e: { target: HTMLInputElement }) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (!f) return;
        const p = fileProblem(f);
        setProblem(p);
        if (!p) props.onFile(f);
      },
    }),
    h(Button, { size: 'small', onClick: () => input.current?.click(), ...data({ testid: 'replace-document' }) }, messages.replaceDocument),
    problem
      ? h(MessageBar, { intent: 'error', layout: 'multiline' }, h(MessageBarBody, { ...data({ testid: 'file-error' }) }, problem))
      : null,
  );
}

function SendPage(props: { api: BrevdueApi; onUnauthorized: () => void; onShowMine: () => void }) {
  const [source, setSource] = useState<DocumentSource>();
  if (!source) return h(FileDrop, { onFile: (f: File) => setSource(fileSource(f)) });
  return h(SendFlow, {
    api: props.api,
    source,
    onUnauthorized: props.onUnauthorized,
    onShowMine: props.onShowMine,
    documentActions: h(ReplaceButton, { onFile: (f: File) => setSource(fileSource(f)) }),
  });
}

let storage: ReturnType<typeof partitionedLocalStorage>;
try {
  storage = partitionedLocalStorage(undefined);
  storage.get('probe');
} catch {
  // Storage can be disabled by policy: keep the token for this tab only.
  storage = memoryStore();
}
mountPane({
  baseUrl: window.location.origin,
  tokens: (await createWebTokenProvider(window.location.origin, storage)).tokens,
  render: (api, onUnauthorized) =>
    h(PaneViews, { api, onUnauthorized, renderSend: (onShowMine: () => void) => h(SendPage, { api, onUnauthorized, onShowMine }) }),
});
