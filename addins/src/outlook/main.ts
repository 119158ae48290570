/// <reference types="office-js" />
/**
 * @module
 * Entry point of the Outlook task pane (bundled to /addins/outlook/taskpane.js). Works in read
 * and compose mode. Opened anywhere but in Outlook, the page says so and points to /send.
 */
import { mountPane } from '../common/app-shell.ts';
import { h } from '../common/h.ts';
import { mountOutsideOffice, officeOrUndefined } from '../common/outside-office.ts';
import { PaneViews } from '../common/pane-views.ts';
import { SendFlow } from '../common/send-flow.ts';
import { createPaneTokenProvider, type OfficeAuthHost } from '../common/auth/create-token-provider.ts';
import { partitionedLocalStorage } from '../common/token-provider.ts';
import { outlookSource } from './outlook-source.ts';
import { roamingSettingsStore } from './roaming-settings-store.ts';

const office = officeOrUndefined();
if (!office) mountOutsideOffice('Outlook');
else
  void office.onReady(async (info) => {
    if (info.host !== office.HostType.Outlook) return mountOutsideOffice('Outlook');
    const source = outlookSource(office as unknown as Parameters<typeof outlookSource>[0]);
    const store = office.context.roamingSettings
      ? roamingSettingsStore(office.context.roamingSettings)
      : partitionedLocalStorage(office.context.partitionKey);
    mountPane({
      baseUrl: window.location.origin,
      tokens: (await createPaneTokenProvider(office as unknown as OfficeAuthHost, window.location.origin, store)).tokens,
      render: (api, onUnauthorized) =>
        h(PaneViews, {
          api,
          onUnauthorized,
          renderSend: (onShowMine: () => void) => h(SendFlow, { api, source, onUnauthorized, onShowMine }),
        }),
    });
  });
