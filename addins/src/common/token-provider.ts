/**
 * @module
 * Where the task panes get the credential they send as `Authorization: Bearer …`. Today: a
 * per-user API token typed in once. The seam is the {@link TokenProvider} interface so an
 * Entra ID nested-app-authentication provider (MSAL `createNestablePublicClientApplication`
 * → `acquireTokenSilent`) can replace it without the panes' flow changing: the flow only asks
 * `getToken()`, and shows the sign-in form only when `interactive` says the user must type.
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
}

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
