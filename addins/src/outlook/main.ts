/// <reference types="office-js" />
/**
 * @module
 * Entry point of the Outlook task pane (bundled to /addins/outlook/taskpane.js). Works in read
 * and compose mode.
 */
import { mountPane } from '../common/app-shell.ts';
import { h } from '../common/h.ts';
import { SendFlow } from '../common/send-flow.ts';
import { createPaneTokenProvider, type OfficeAuthHost } from '../common/auth/create-token-provider.ts';
import { partitionedLocalStorage } from '../common/token-provider.ts';
import { outlookSource } from './outlook-source.ts';
import { roamingSettingsStore } from './roaming-settings-store.ts';

void Office.onReady(async (info) => {
  if (info.host !== Office.HostType.Outlook) return;
  const source = outlookSource(Office as unknown as Parameters<typeof outlookSource>[0]);
  const store = Office.context.roamingSettings
    ? roamingSettingsStore(Office.context.roamingSettings)
    : partitionedLocalStorage(Office.context.partitionKey);
  mountPane({
    baseUrl: window.location.origin,
    tokens: (await createPaneTokenProvider(Office as unknown as OfficeAuthHost, window.location.origin, store)).tokens,
    render: (api, onUnauthorized) => h(SendFlow, { api, source, onUnauthorized }),
  });
});
