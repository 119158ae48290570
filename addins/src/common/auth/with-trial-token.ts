/**
 * @module
 * The organisation-account sign-in with the pasted API token beside it as the explicit trial
 * option: a kept trial token wins (the user chose it), otherwise the account's token is used.
 */
import type { ApiTokenProvider, TokenProvider } from '../token-provider.ts';

/**
 * Combines an account provider with a trial token store.
 * @example const tokens = new WithTrialToken(await NaaTokenProvider.create(config, uri), new ApiTokenProvider(store));
 */
export class WithTrialToken implements TokenProvider {
  readonly interactive = false;
  readonly trial = true;

  constructor(
    private readonly account: TokenProvider,
    private readonly trialTokens: ApiTokenProvider,
  ) {}

  get cookieSession(): boolean {
    return this.account.cookieSession === true && !this.trialTokens.hasToken();
  }

  async getToken(): Promise<string | null> {
    return (await this.trialTokens.getToken()) ?? this.account.getToken();
  }

  signIn(): Promise<void> {
    return this.account.signIn ? this.account.signIn() : Promise.resolve();
  }

  setToken(token: string): Promise<void> {
    return this.trialTokens.setToken(token);
  }

  async signOut(): Promise<void> {
    // Forget the trial token only when one is in use, so "Log ud" of a trial keeps the account's session.
    if (this.trialTokens.hasToken()) return this.trialTokens.signOut();
    await this.account.signOut();
  }
}
