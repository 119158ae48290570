/// <reference types="office-js" />
/**
 * @module
 * Entry point of the sign-in dialog (bundled to /addins/web/sign-in-dialog.html), opened by
 * {@link DialogTokenProvider} where the host has no Nested App Authentication. First visit: MSAL's
 * standard client sends the browser to the identity provider (authorization code + PKCE). Back
 * from there: MSAL redeems the code and the page hands the access token to the pane with
 * `messageParent`. Nothing is shown but a line of text; the pane closes the dialog.
 */
import { createStandardPublicClientApplication } from '@azure/msal-browser';
import { signInText } from '../messages.ts';
import { fetchAuthConfig, msalConfiguration } from './auth-config.ts';
import { DIALOG_PATH, type DialogMessage } from './dialog-messages.ts';

function say(text: string): void {
  const el = document.getElementById('root');
  if (el) el.textContent = text;
}

function tell(message: DialogMessage): void {
  Office.context.ui.messageParent(JSON.stringify(message));
}

async function run(): Promise<void> {
  say(signInText.signingIn);
  const config = await fetchAuthConfig(location.origin);
  if (!config) return tell({ type: 'error', code: 'failed', message: signInText.noConfig });
  const pca = await createStandardPublicClientApplication(msalConfiguration(config, `${location.origin}${DIALOG_PATH}`));
  const result = await pca.handleRedirectPromise();
  if (!result) return pca.loginRedirect({ scopes: config.scopes });
  // MSAL keeps the ID token's claims; the pane only needs the access token and when it runs out.
  const expiresOn = result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000;
  tell({ type: 'token', accessToken: result.accessToken, expiresOn, ...(result.account?.name ? { name: result.account.name } : {}) });
}

void Office.onReady(() =>
  run().catch((e: unknown) => {
    const code = (e as { errorCode?: string }).errorCode;
    // The provider's "access_denied" is the user saying no (or cancelling at the provider).
    tell({
      type: 'error',
      code: code === 'access_denied' || code === 'user_cancelled' ? 'cancelled' : 'failed',
      message: code ?? (e as Error).message,
    });
  }),
);
