/**
 * @module
 * Sign-in inside Office with Nested App Authentication: MSAL's nestable client asks the host
 * (Outlook, Word) for a token for our app through the host's bridge, so a user already signed in
 * to Office is signed in to Brevdue without typing anything. Silent first; a popup only when the
 * host says the user must interact (consent, MFA, first use).
 */
import {
  createNestablePublicClientApplication,
  InteractionRequiredAuthError,
  type AuthenticationResult,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import type { TokenProvider } from '../token-provider.ts';
import { msalConfiguration, type AuthConfig } from './auth-config.ts';
import { SignInError } from './sign-in-error.ts';

/** MSAL error codes that mean "ask the user", besides InteractionRequiredAuthError. */
const NEEDS_USER = new Set(['no_account_error', 'no_tokens_found', 'interaction_required', 'consent_required', 'login_required']);
/** Renew this long before expiry, so a token does not run out between check and use. */
const EXPIRY_MARGIN_MS = 60_000;

function needsUser(e: unknown): boolean {
  return e instanceof InteractionRequiredAuthError || NEEDS_USER.has((e as { errorCode?: string }).errorCode ?? '');
}

function toSignInError(e: unknown): SignInError {
  const code = (e as { errorCode?: string }).errorCode ?? '';
  if (code === 'user_cancelled') return new SignInError('cancelled', code);
  if (code === 'popup_window_error' || code === 'empty_window_error') return new SignInError('popup_blocked', code);
  return new SignInError('failed', code || (e as Error).message);
}

/**
 * Tokens from the Office host through MSAL's nestable client.
 * @example const tokens = await NaaTokenProvider.create(config, `${location.origin}${location.pathname}`);
 */
export class NaaTokenProvider implements TokenProvider {
  readonly interactive = false;
  private last?: AuthenticationResult;
  /** After "Log ud" the host would hand out a token again at once; the pane waits for a click. */
  private signedOut = false;

  private constructor(
    private readonly pca: IPublicClientApplication,
    private readonly scopes: string[],
  ) {}

  /**
   * Creates the nestable client; where the host has no bridge MSAL falls back to a standard client.
   * @throws Error when the issuer is not https (see msalConfiguration).
   */
  static async create(config: AuthConfig, redirectUri: string): Promise<NaaTokenProvider> {
    const base = msalConfiguration(config, redirectUri);
    const pca = await createNestablePublicClientApplication({ ...base, auth: { ...base.auth, supportsNestedAppAuth: true } });
    return new NaaTokenProvider(pca, config.scopes);
  }

  async getToken(): Promise<string | null> {
    if (this.signedOut) return null;
    if (this.last?.expiresOn && this.last.expiresOn.getTime() - EXPIRY_MARGIN_MS > Date.now()) return this.last.accessToken;
    try {
      // MSAL answers from its cache when it can, and asks the host otherwise.
      this.last = await this.pca.acquireTokenSilent({ scopes: this.scopes, ...(this.account() ? { account: this.account()! } : {}) });
      return this.last.accessToken;
    } catch (e) {
      if (needsUser(e)) return null;
      throw toSignInError(e);
    }
  }

  async signIn(): Promise<void> {
    try {
      this.last = await this.pca.acquireTokenPopup({ scopes: this.scopes });
      this.pca.setActiveAccount(this.last.account);
      this.signedOut = false;
    } catch (e) {
      throw toSignInError(e);
    }
  }

  async setToken(): Promise<void> {
    throw new Error('NaaTokenProvider: tokens come from the Office host; use signIn()');
  }

  async signOut(): Promise<void> {
    // The Office account stays signed in (it is the host's); the pane forgets its token.
    this.last = undefined;
    this.signedOut = true;
  }

  private account() {
    return this.pca.getActiveAccount() ?? this.pca.getAllAccounts()[0];
  }
}
