/**
 * @module
 * Picks how a page signs in, from the platform's `/auth/config` and what the host supports:
 * Office with Nested App Authentication → MSAL's nestable client; Office without it → the
 * sign-in dialog; /send → the platform's session cookie. Each with the trial token beside it;
 * a platform without `identity` configured → the token only.
 */
import { ApiTokenProvider, type KeyValueStore, type TokenProvider } from '../token-provider.ts';
import { fetchAuthConfig, type AuthConfig } from './auth-config.ts';
import { DialogTokenProvider, type OfficeDialogHost } from './dialog-token-provider.ts';
import { NaaTokenProvider } from './naa-token-provider.ts';
import { SessionTokenProvider } from './session-token-provider.ts';
import { WithTrialToken } from './with-trial-token.ts';

/** The part of Office.js the choice looks at. */
export interface OfficeAuthHost extends OfficeDialogHost {
  context: OfficeDialogHost['context'] & { requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
}

const pagePath = () => (typeof location === 'undefined' ? '/' : location.pathname);

/** Which sign-in a provider runs (for logs and tests). */
export type SignInKind = 'naa' | 'dialog' | 'session' | 'token';

/**
 * The token provider of a task pane.
 * @example mountPane({ baseUrl: location.origin, tokens: (await createPaneTokenProvider(Office, location.origin, store)).tokens, render });
 * Never throws: a missing or broken `/auth/config` leaves the API token (logged to the console).
 */
export async function createPaneTokenProvider(
  office: OfficeAuthHost,
  baseUrl: string,
  store: KeyValueStore,
): Promise<{ tokens: TokenProvider; kind: SignInKind }> {
  const trial = new ApiTokenProvider(store);
  const config = await configOrNull(baseUrl);
  if (!config) return { tokens: trial, kind: 'token' };
  // The host's broker signs in to Entra ID only: with the sandbox's provider NAA cannot work.
  if (!config.sandbox && office.context.requirements.isSetSupported('NestedAppAuth', '1.1')) {
    try {
      // The pane's own page: Office on the web runs MSAL's standard popup flow there. Inside the
      // desktop hosts the broker uses the registration's SPA redirect brk-multihub://<host> itself.
      const naa = await NaaTokenProvider.create(config, `${baseUrl}${pagePath()}`);
      return { tokens: new WithTrialToken(naa, trial), kind: 'naa' };
    } catch (e) {
      // A config MSAL refuses (an http issuer): the dialog reports it, naming the field, on the user's click.
      console.error('Brevdue: Nested App Authentication could not start; using the sign-in dialog', e);
    }
  }
  return { tokens: new WithTrialToken(new DialogTokenProvider(office, baseUrl), trial), kind: 'dialog' };
}

/** `/auth/config`, or null (token only) when it is missing or broken: the pane must open either way. */
async function configOrNull(baseUrl: string): Promise<AuthConfig | null> {
  try {
    return await fetchAuthConfig(baseUrl);
  } catch (e) {
    console.error('Brevdue: /auth/config could not be read; only API tokens can sign in', e);
    return null;
  }
}

/**
 * The token provider of the /send page (no Office).
 * @example mountPane({ baseUrl: location.origin, tokens: (await createWebTokenProvider(location.origin, store)).tokens, render });
 * Never throws: a missing or broken `/auth/config` leaves the API token (logged to the console).
 */
export async function createWebTokenProvider(baseUrl: string, store: KeyValueStore): Promise<{ tokens: TokenProvider; kind: SignInKind }> {
  const trial = new ApiTokenProvider(store);
  const config = await configOrNull(baseUrl);
  if (!config) return { tokens: trial, kind: 'token' };
  return { tokens: new WithTrialToken(new SessionTokenProvider(baseUrl), trial), kind: 'session' };
}
