/// <reference types="office-js" />
/**
 * @module
 * Entry point of the Word task pane (bundled to /addins/word/taskpane.js).
 */
import { mountPane } from '../common/app-shell.ts';
import { h } from '../common/h.ts';
import { SendFlow } from '../common/send-flow.ts';
import { createPaneTokenProvider, type OfficeAuthHost } from '../common/auth/create-token-provider.ts';
import { partitionedLocalStorage } from '../common/token-provider.ts';
import { wordSource } from './word-source.ts';

void Office.onReady(async (info) => {
  if (info.host !== Office.HostType.Word) return;
  const source = wordSource(
    Office as unknown as Parameters<typeof wordSource>[0],
    typeof Word === 'undefined' ? undefined : (Word as unknown as Parameters<typeof wordSource>[1]),
  );
  const office = Office as unknown as OfficeAuthHost;
  mountPane({
    baseUrl: window.location.origin,
    tokens: (await createPaneTokenProvider(office, window.location.origin, partitionedLocalStorage(Office.context.partitionKey))).tokens,
    render: (api, onUnauthorized) => h(SendFlow, { api, source, onUnauthorized }),
  });
});
