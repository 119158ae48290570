/**
 * @module
 * Server-side sign-in for the web pages (`/send`, the console): the authorization code flow with
 * PKCE through `openid-client`, the confidential client's secret staying on the server.
 *
 * Why on the server and not `oidc-client-ts` in the browser: the tokens never reach page
 * script (an XSS cannot lift them), the session is an HttpOnly SameSite cookie that sign-out can
 * end for every tab, and the confidential client can hold a refresh token. The task panes sign
 * in apart, with Nested App Authentication in the Office host.
 *
 * Between `start` and `finish` the state, nonce and PKCE code verifier ride in a short-lived,
 * encrypted cookie (see `sealed-value.ts`) rather than a table: any process behind the load
 * balancer can finish the sign-in, an abandoned attempt leaves nothing behind, and the browser
 * cannot read the verifier.
 */
import * as oidc from 'openid-client';
import { IdentityError } from './identity-error.ts';
import { deriveSealKey, openValue, sealValue, type SealKey } from './sealed-value.ts';

/** How long a started sign-in may take, in seconds. */
const SIGN_IN_TTL = 600;

export interface WebSignInOptions {
  /** The provider's issuer (single tenant; multi-tenant web sign-in needs one issuer per tenant). */
  issuer: string;
  clientId: string;
  /** The confidential client's secret (`BREVDUE_OIDC_CLIENT_SECRET`). */
  clientSecret: string;
  /** Where the provider sends the browser back, e.g. `https://brevdue.example.dk/auth/callback`. */
  redirectUri: string;
  /** Where the provider sends the browser after sign-out, e.g. `https://brevdue.example.dk/`. */
  postLogoutRedirectUri?: string;
  /** Scopes to ask for: `openid` first, and the API scope so the access token is for Brevdue's API. */
  scopes: string[];
  /** A resource indicator (RFC 8707) for providers that want one; Entra uses the API scope instead. */
  resource?: string;
  /** Server secret (≥ 32 characters) sealing the sign-in cookie; every process needs the same one. */
  cookieSecret: string;
  /** Seconds of clock skew accepted on the ID token (default 30). */
  clockToleranceSeconds?: number;
}

/** A cookie to set, in the shape `hono/cookie`'s `setCookie(c, name, value, options)` takes. */
export interface SignInCookie {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'Lax'; secure: boolean; path: string; maxAge: number };
}

/** A finished sign-in: the ID token's claims and the tokens, for the platform's session. */
export interface WebSignInResult {
  /** Claims of the verified ID token (Entra: `oid`, `tid`, `preferred_username`, `name`, `roles`, `groups`). */
  claims: Record<string, unknown>;
  idToken: string;
  /** Access token for the API (when the API scope was asked for); verify it with `createAccessTokenVerifier`. */
  accessToken: string;
  refreshToken: string | undefined;
  /** Epoch seconds when the access token expires. */
  expiresAt: number;
  /** The local path the user started from. */
  returnTo: string;
}

export interface WebSignIn {
  /** Name of the sign-in cookie `finish` reads. */
  readonly cookieName: string;
  /**
   * Begins a sign-in: redirect the browser to `url` and set `cookie`.
   * @throws IdentityError `jwks_unavailable` when the provider's discovery document cannot be fetched.
   */
  start(opts?: { returnTo?: string; loginHint?: string; prompt?: 'login' | 'select_account' }): Promise<{ url: URL; cookie: SignInCookie }>;
  /**
   * Completes a sign-in at the redirect URI: checks state, exchanges the code with the PKCE
   * verifier, verifies the ID token and its nonce. Clear the cookie afterwards with `clearCookie`.
   * @throws IdentityError `sign_in_state` (cookie missing, expired, or from another attempt) or
   * `sign_in_failed` (the provider refused; `detail` has its error code).
   */
  finish(callbackUrl: URL | string, cookieValue: string | undefined): Promise<WebSignInResult>;
  /** The provider's end-session URL: redirect there after ending the platform's own session. */
  signOutUrl(opts?: { idToken?: string }): Promise<URL>;
  /** The Set-Cookie that removes the sign-in cookie. */
  readonly clearCookie: SignInCookie;
}

/** Accepts only a local path, so a crafted `returnTo` cannot send a user elsewhere after sign-in. */
function localPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

/**
 * Creates the web sign-in for one provider and client; discovery happens on first use.
 * @example
 * const web = createWebSignIn({ issuer: identity.issuer, clientId: identity.clientId, clientSecret: identity.clientSecret!,
 *   redirectUri: `${publicUrl}/auth/callback`, postLogoutRedirectUri: `${publicUrl}/`,
 *   scopes: [...identity.scopes, identity.apiScope!], cookieSecret: process.env.BREVDUE_SESSION_SECRET! });
 * app.get('/auth/sign-in', async (c) => {
 *   const { url, cookie } = await web.start({ returnTo: c.req.query('returnTo') });
 *   setCookie(c, cookie.name, cookie.value, cookie.options);
 *   return c.redirect(url.href);
 * });
 * app.get('/auth/callback', async (c) => {
 *   const result = await web.finish(c.req.url, getCookie(c, web.cookieName));
 *   setCookie(c, web.clearCookie.name, '', web.clearCookie.options);
 *   // verify result.accessToken, mapClaims, provision the user, start the session …
 * });
 * @throws Error when `cookieSecret` is shorter than 32 characters or the issuer is multi-tenant.
 */
export function createWebSignIn(opts: WebSignInOptions): WebSignIn {
  if (opts.issuer.includes('{tenantid}')) throw new Error('identity.issuer: the web sign-in needs a single-tenant issuer, not {tenantid}');
  const key: SealKey = deriveSealKey(opts.cookieSecret, 'web-sign-in');
  const redirect = new URL(opts.redirectUri);
  const cookieName = 'brevdue_sign_in';
  const cookieOptions = (maxAge: number): SignInCookie['options'] => ({
    httpOnly: true,
    // Lax, not Strict: the provider's redirect back is a cross-site navigation, and Strict would
    // leave the cookie behind. Lax still keeps it off cross-site subrequests and POSTs.
    sameSite: 'Lax',
    secure: redirect.protocol === 'https:',
    // Only the callback needs it.
    path: redirect.pathname,
    maxAge,
  });

  let config: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    config ??= (async () => {
      const issuer = new URL(opts.issuer);
      const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
      try {
        return await oidc.discovery(
          issuer,
          opts.clientId,
          { [oidc.clockTolerance]: opts.clockToleranceSeconds ?? 30 },
          oidc.ClientSecretBasic(opts.clientSecret),
          // Plain http only for the sandbox provider on this machine.
          local ? { execute: [oidc.allowInsecureRequests] } : undefined,
        );
      } catch (e) {
        throw new IdentityError('jwks_unavailable', `discovery at ${opts.issuer}: ${(e as Error).message}`);
      }
    })().catch((e: unknown) => {
      config = undefined; // the next sign-in tries discovery again
      throw e;
    });
    return config;
  };

  return {
    cookieName,
    clearCookie: { name: cookieName, value: '', options: cookieOptions(0) },

    async start(startOpts = {}) {
      const cfg = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const params: Record<string, string> = {
        redirect_uri: opts.redirectUri,
        scope: opts.scopes.join(' '),
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      };
      if (opts.resource) params.resource = opts.resource;
      if (startOpts.loginHint) params.login_hint = startOpts.loginHint;
      if (startOpts.prompt) params.prompt = startOpts.prompt;
      const value = await sealValue(key, { v: verifier, s: state, n: nonce, r: localPath(startOpts.returnTo) }, SIGN_IN_TTL);
      return { url: oidc.buildAuthorizationUrl(cfg, params), cookie: { name: cookieName, value, options: cookieOptions(SIGN_IN_TTL) } };
    },

    async finish(callbackUrl, cookieValue) {
      const sealed = await openValue(key, cookieValue);
      if (!sealed || typeof sealed.v !== 'string' || typeof sealed.s !== 'string' || typeof sealed.n !== 'string') {
        throw new IdentityError('sign_in_state', cookieValue ? 'sign-in cookie expired or not ours' : 'no sign-in cookie');
      }
      const cfg = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(
          cfg,
          new URL(callbackUrl),
          { pkceCodeVerifier: sealed.v, expectedState: sealed.s, expectedNonce: sealed.n, idTokenExpected: true },
          opts.resource ? { resource: opts.resource } : undefined,
        );
      } catch (e) {
        throw classify(e);
      }
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new IdentityError('sign_in_failed', 'no ID token in the token response');
      return {
        claims: { ...claims },
        idToken: tokens.id_token,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: Math.floor(Date.now() / 1000) + (tokens.expiresIn() ?? 0),
        returnTo: localPath(typeof sealed.r === 'string' ? sealed.r : undefined),
      };
    },

    async signOutUrl(signOutOpts = {}) {
      const cfg = await configuration();
      const params: Record<string, string> = { client_id: opts.clientId };
      if (signOutOpts.idToken) params.id_token_hint = signOutOpts.idToken;
      if (opts.postLogoutRedirectUri) params.post_logout_redirect_uri = opts.postLogoutRedirectUri;
      return oidc.buildEndSessionUrl(cfg, params);
    },
  };
}

function classify(e: unknown): IdentityError {
  if (e instanceof oidc.AuthorizationResponseError) {
    return new IdentityError('sign_in_failed', `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`);
  }
  if (e instanceof oidc.ResponseBodyError) return new IdentityError('sign_in_failed', `token endpoint: ${e.error}`);
  // openid-client's own checks: state mismatch, nonce mismatch, a replayed or foreign response.
  const code = (e as { code?: string }).code;
  if (code === 'OAUTH_INVALID_RESPONSE' || code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return new IdentityError('sign_in_state', `${code}: ${(e as Error).message}`);
  }
  return new IdentityError('sign_in_failed', e instanceof Error ? e.message : String(e));
}
