/**
 * @module
 * Entry point of the /send page: the same flow as the task panes, for a file from disk.
 */
import { useState } from 'react';
import type { BrevdueApi } from '../common/api-client.ts';
import { mountPane } from '../common/app-shell.ts';
import type { DocumentSource } from '../common/document-source.ts';
import { h } from '../common/h.ts';
import { SendFlow } from '../common/send-flow.ts';
import { createWebTokenProvider } from '../common/auth/create-token-provider.ts';
import { memoryStore, partitionedLocalStorage } from '../common/token-provider.ts';
import { FileDrop } from './file-drop.ts';
import { fileSource } from './file-source.ts';

function SendPage(props: { api: BrevdueApi; onUnauthorized: () => void }) {
  const [source, setSource] = useState<{ key: string; source: DocumentSource }>();
  if (!source)
    return h(FileDrop, { onFile: (f: File) => setSource({ key: `${f.name}:${f.size}:${f.lastModified}`, source: fileSource(f) }) });
  return h(SendFlow, { key: source.key, api: props.api, source: source.source, onUnauthorized: props.onUnauthorized });
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
  render: (api, onUnauthorized) => h(SendPage, { api, onUnauthorized }),
});
