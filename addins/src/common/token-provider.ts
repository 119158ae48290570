/**
 * @module
 * Where the panes get the credential for API calls. The seam is {@link TokenProvider}: the flow
 * only asks `getToken()`. Staff sign in with their organisation's account (`auth/`: Nested App
 * Authentication, the Office dialog, or the /send page's session cookie); a pasted API token
 * ({@link ApiTokenProvider}) is the trial option, and the only one where the platform has no
 * `identity` configured.
 */

/** A small key-value store: partitioned localStorage, Outlook roaming settings, or memory in tests. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Supplies the bearer token for API calls. */
export interface TokenProvider {
  /** The current token, or null when the user must sign in first. */
  getToken(): Promise<string | null>;
  /** Whether signing in means typing a token (true) or a popup/SSO the provider runs itself (false). */
  readonly interactive: boolean;
  /** Keeps a token the user typed (only for interactive providers). */
  setToken(token: string): Promise<void>;
  /** Forgets the token, e.g. after the platform answered 401. */
  signOut(): Promise<void>;
  /**
   * Signs in with the organisation's account (popup, Office dialog or redirect); call it from a
   * click, since hosts block popups that no gesture opened. Absent on token-only providers.
   * @throws SignInError when the user cancelled or the identity provider refused.
   */
  signIn?(): Promise<void>;
  /** Whether a pasted API token can be used as well (the explicit trial option). */
  readonly trial?: boolean;
  /**
   * True while the browser carries the credential as an HttpOnly session cookie (/send on the
   * platform's origin): API calls then go with `credentials: 'same-origin'` and the CSRF header,
   * and `getToken()` answers {@link SESSION_COOKIE} instead of a token.
   */
  readonly cookieSession?: boolean;
}

/** What a cookie-session provider's `getToken()` answers when signed in: no token reaches page script. */
export const SESSION_COOKIE = 'session-cookie';

const KEY = 'brevdue.apiToken';

/**
 * The API-token provider: the token lives in the given store.
 * @example const tokens = new ApiTokenProvider(partitionedLocalStorage(Office.context.partitionKey));
 */
export class ApiTokenProvider implements TokenProvider {
  readonly interactive = true;
  constructor(private readonly store: KeyValueStore) {}
  async getToken(): Promise<string | null> {
    return this.store.get(KEY);
  }
  /** Whether a token is kept (synchronous: the store is). */
  hasToken(): boolean {
    return this.store.get(KEY) !== null;
  }
  async setToken(token: string): Promise<void> {
    await this.store.set(KEY, token.trim());
  }
  async signOut(): Promise<void> {
    await this.store.remove(KEY);
  }
}

/**
 * localStorage with every key prefixed by Office's `partitionKey`: in Office on the web the
 * storage is partitioned per host, and add-ins must prefix keys with it (undefined elsewhere).
 */
export function partitionedLocalStorage(partitionKey: string | undefined, storage: Storage = globalThis.localStorage): KeyValueStore {
  const k = (key: string) => (partitionKey ? `${partitionKey}${key}` : key);
  return {
    get: (key) => storage.getItem(k(key)),
    set: async (key, value) => storage.setItem(k(key), value),
    remove: async (key) => storage.removeItem(k(key)),
  };
}

/** An in-memory store (tests, or a browser with storage disabled). */
export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    get: (key) => m.get(key) ?? null,
    set: async (key, value) => void m.set(key, value),
    remove: async (key) => void m.delete(key),
  };
}
