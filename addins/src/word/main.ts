/// <reference types="office-js" />
/**
 * @module
 * Entry point of the Word task pane (bundled to /addins/word/taskpane.js).
 */
import { mountPane } from '../common/app-shell.ts';
import { h } from '../common/h.ts';
import { SendFlow } from '../common/send-flow.ts';
import { ApiTokenProvider, partitionedLocalStorage } from '../common/token-provider.ts';
import { wordSource } from './word-source.ts';

void Office.onReady((info) => {
  if (info.host !== Office.HostType.Word) return;
  const source = wordSource(Office as unknown as Parameters<typeof wordSource>[0], typeof Word === 'undefined' ? undefined : (Word as unknown as Parameters<typeof wordSource>[1]));
  mountPane({
    baseUrl: window.location.origin,
    tokens: new ApiTokenProvider(partitionedLocalStorage(Office.context.partitionKey)),
    render: (api, onUnauthorized) => h(SendFlow, { api, source, onUnauthorized }),
  });
});
