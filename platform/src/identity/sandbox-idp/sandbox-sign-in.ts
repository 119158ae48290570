/**
 * @module
 * Signs a test user in at the sandbox provider over plain HTTP, the way a browser does: the
 * authorization request with PKCE, the sign-in form, the redirect with the code, the token
 * exchange. For tests and scripts that need a real token per role without a browser.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface SandboxSignInOptions {
  issuer: string;
  clientId: string;
  /** For a confidential client; public clients send none. */
  clientSecret?: string;
  redirectUri: string;
  username: string;
  password: string;
  /** Default `openid profile email` plus nothing else; add the API scope to get an API token. */
  scope?: string;
}

/** What the token endpoint answered. */
export interface SandboxSignInResult {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
  scope: string;
}

/** A failed step of `sandboxSignIn`, naming the step and the status. */
export class SandboxSignInError extends Error {
  constructor(
    readonly step: 'authorize' | 'login form' | 'login' | 'resume' | 'token',
    readonly status: number,
    detail: string,
  ) {
    super(`sandbox sign-in failed at ${step} (HTTP ${status}): ${detail}`);
    this.name = 'SandboxSignInError';
  }
}

/** The cookies a browser would keep for the provider (names and values; paths are ignored). */
export class SandboxCookieJar {
  private readonly cookies = new Map<string, string>();
  /** Keeps the cookies a response sets. */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      // An expired cookie (empty value or max-age=0) is removed, as a browser would.
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  /** The `Cookie` request header. */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows an authorization request through the sandbox provider's sign-in form as a browser
 * would (pass a `jar` to keep its session), and returns the URL it finally redirects to (the client's redirect URI with the code).
 * @throws SandboxSignInError naming the step that failed (a wrong password fails at `login` with 401).
 */
export async function followSandboxSignIn(
  authorizationUrl: URL,
  credentials: { username: string; password: string },
  jar = new SandboxCookieJar(),
): Promise<URL> {
  const origin = authorizationUrl.origin;
  const go = async (url: string | URL, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(res);
    return res;
  };
  const start = await go(authorizationUrl);
  const formUrl = start.headers.get('location');
  if (start.status !== 303 || !formUrl) throw new SandboxSignInError('authorize', start.status, await start.text());
  const form = await go(new URL(formUrl, origin));
  if (form.status !== 200) throw new SandboxSignInError('login form', form.status, await form.text());
  const action = /action="([^"]+)"/.exec(await form.text())?.[1];
  if (!action) throw new SandboxSignInError('login form', form.status, 'no form in the page');

  const login = await go(new URL(action, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: credentials.username, password: credentials.password, lang: 'en' }).toString(),
  });
  const resumeUrl = login.headers.get('location');
  if (login.status !== 303 || !resumeUrl) throw new SandboxSignInError('login', login.status, 'the sign-in form refused the credentials');

  // The provider may pass through more of its own steps (consent) before it returns the code.
  let next = new URL(resumeUrl, origin);
  for (let hop = 0; hop < 5 && next.origin === origin; hop++) {
    const res = await go(next);
    const location = res.headers.get('location');
    if (!location) throw new SandboxSignInError('resume', res.status, await res.text());
    next = new URL(location, origin);
  }
  return next;
}

/**
 * Runs the authorization code flow with PKCE against the sandbox provider's own sign-in form.
 * @example
 * const { accessToken } = await sandboxSignIn({ issuer: idp.issuer, clientId: 'brevdue-web', clientSecret,
 *   redirectUri: 'http://localhost:3000/auth/callback', username: 'sender@demo.example', password: 'brevdue-demo',
 *   scope: `openid profile email ${idp.apiScope}` });
 * @throws SandboxSignInError naming the step that failed (a wrong password fails at `login` with 401).
 */
export async function sandboxSignIn(opts: SandboxSignInOptions): Promise<SandboxSignInResult> {
  const discovery = (await (await fetch(`${opts.issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: opts.clientId,
    response_type: 'code',
    redirect_uri: opts.redirectUri,
    scope: opts.scope ?? 'openid profile email',
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const next = await followSandboxSignIn(authorize, opts);
  if (next.searchParams.get('state') !== state) throw new SandboxSignInError('resume', 303, 'state does not match');
  const code = next.searchParams.get('code');
  if (!code)
    throw new SandboxSignInError('resume', 303, next.searchParams.get('error_description') ?? next.searchParams.get('error') ?? 'no code');

  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: opts.redirectUri, code_verifier: verifier });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (opts.clientSecret) {
    const basic = `${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else body.set('client_id', opts.clientId);
  const token = await fetch(discovery.token_endpoint, { method: 'POST', headers, body });
  const json = (await token.json()) as Record<string, unknown>;
  if (!token.ok) throw new SandboxSignInError('token', token.status, String(json.error_description ?? json.error));
  return {
    accessToken: String(json.access_token),
    idToken: String(json.id_token),
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    expiresIn: Number(json.expires_in),
    scope: String(json.scope ?? ''),
  };
}
