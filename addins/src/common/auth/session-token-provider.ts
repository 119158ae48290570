/**
 * @module
 * The /send page's sign-in: the platform signs the user in on the server (authorization code
 * flow) and keeps the session in an HttpOnly cookie, so no token ever reaches page script. The
 * page only asks `GET /v1/me` whether the session holds, and goes to `/auth/sign-in` to start one.
 */
import { SESSION_COOKIE, type TokenProvider } from '../token-provider.ts';

/** `GET /v1/me`: who is signed in. */
export interface Me {
  organisation: { id: string; slug: string; name: string };
  user: { id: string; upn: string; name: string; roles: string[]; teams: string[] } | null;
  roles: string[];
  tokenId: string | null;
}

/** The header the platform requires on non-GET requests that carry the session cookie. */
export const CSRF_HEADER = 'x-brevdue-csrf';

/**
 * The session-cookie provider for pages on the platform's own origin.
 * @example const tokens = new SessionTokenProvider(location.origin);
 */
export class SessionTokenProvider implements TokenProvider {
  readonly interactive = false;
  readonly cookieSession = true;
  /** Who is signed in, once `getToken()` found out. */
  me?: Me;

  constructor(
    private readonly baseUrl: string,
    private readonly navigate: (url: string) => void = (url) => location.assign(url),
    private readonly currentPath: () => string = () => location.pathname + location.search,
  ) {}

  /**
   * {@link SESSION_COOKIE} while the session holds; null when it does not. The page then shows
   * the sign-in choice (organisation account, or the trial token) instead of leaving at once; a
   * 401 during work goes straight to sign-in (BrevdueApi).
   */
  async getToken(): Promise<string | null> {
    const res = await fetch(`${this.baseUrl}/v1/me`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status === 401) return null;
    if (!res.ok) throw new Error(`GET /v1/me answered HTTP ${res.status}`);
    this.me = (await res.json()) as Me;
    return SESSION_COOKIE;
  }

  /** Goes to the platform's sign-in, which comes back to this page. */
  async signIn(): Promise<void> {
    this.navigate(`${this.baseUrl}/auth/sign-in?returnTo=${encodeURIComponent(this.currentPath())}`);
  }

  async setToken(): Promise<void> {
    throw new Error('SessionTokenProvider: the session is a cookie the platform sets; use signIn()');
  }

  async signOut(): Promise<void> {
    this.me = undefined;
    await fetch(`${this.baseUrl}/auth/sign-out`, { method: 'POST', credentials: 'same-origin', headers: { [CSRF_HEADER]: '1' } });
  }
}
