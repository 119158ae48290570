/// <reference types="office-js" />
/**
 * @module
 * Entry point of the Word task pane (bundled to /addins/word/taskpane.js). Opened anywhere but
 * in Word, the page says so and points to /send.
 */
import { mountPane } from '../common/app-shell.ts';
import { h } from '../common/h.ts';
import { mountOutsideOffice, officeOrUndefined } from '../common/outside-office.ts';
import { PaneViews } from '../common/pane-views.ts';
import { SendFlow } from '../common/send-flow.ts';
import { createPaneTokenProvider, type OfficeAuthHost } from '../common/auth/create-token-provider.ts';
import { partitionedLocalStorage } from '../common/token-provider.ts';
import { wordSource } from './word-source.ts';

const office = officeOrUndefined();
if (!office) mountOutsideOffice('Word');
else
  void office.onReady(async (info) => {
    if (info.host !== office.HostType.Word) return mountOutsideOffice('Word');
    const source = wordSource(
      office as unknown as Parameters<typeof wordSource>[0],
      typeof Word === 'undefined' ? undefined : (Word as unknown as Parameters<typeof wordSource>[1]),
    );
    mountPane({
      baseUrl: window.location.origin,
      tokens: (
        await createPaneTokenProvider(
          office as unknown as OfficeAuthHost,
          window.location.origin,
          partitionedLocalStorage(office.context.partitionKey),
        )
      ).tokens,
      render: (api, onUnauthorized) =>
        h(PaneViews, {
          api,
          onUnauthorized,
          renderSend: (onShowMine: () => void) => h(SendFlow, { api, source, onUnauthorized, onShowMine }),
        }),
    });
  });
