/**
 * @module
 * The sandbox's real OpenID provider: `oidc-provider` (the certified Node implementation) with
 * test users, a small sign-in page and access tokens for Brevdue's API as JWTs (resource
 * indicators), with the claims Entra ID puts in its tokens (`oid`, `tid`, `preferred_username`,
 * `name`, `roles`, `groups`). Started inside the platform in sandbox mode, so sign-in works with no
 * cloud, and tests sign in exactly as production signs in to Entra ID.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import { join } from 'node:path';
import Provider, { errors as oidcErrors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { localeOf, PAGE_TEXT, type Locale } from '../messages.ts';
import { DEMO_TENANT_ID, type SandboxUser } from './demo-users.ts';
import { renderErrorPage, renderLoggedOutPage, renderLoginPage, renderLogoutPage } from './login-page.ts';
import { loadOrCreateSandboxKeys } from './sandbox-keys.ts';
import { SandboxStore } from './sandbox-store.ts';

/** A client (application) registered at the sandbox provider. */
export interface SandboxClient {
  clientId: string;
  /** Confidential client (server-side web sign-in); absent → public client (SPA, task panes) with PKCE only. */
  clientSecret?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** `native` allows custom-scheme redirects such as `brk-multihub://…`; default `web`. */
  applicationType?: 'web' | 'native';
}

/** One sign-in attempt at the sandbox's form, for the platform's log (never the password). */
export interface SandboxSignInEvent {
  ok: boolean;
  upn: string;
  /** Why it failed: unknown user, wrong password or disabled user. */
  reason?: 'unknown_user' | 'wrong_password' | 'disabled';
  sourceAddress: string | undefined;
}

export interface SandboxIdpOptions {
  /**
   * The issuer URL; its port is listened on, and every endpoint is named on its origin, also behind a TLS front.
   * Absent → `http://127.0.0.1:<port>`.
   */
  issuer?: string;
  /** Port to listen on (0 = any free port); overrides the issuer's port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: the sandbox is for this machine). */
  host?: string;
  /** Directory for the key file `sandbox-idp-keys.json` and the sessions `sandbox-idp-state.json` (the platform's data dir). */
  dataDir: string;
  /** The API's resource indicator and the `aud` of its access tokens, e.g. `api://brevdue`. */
  audience: string;
  /** The scope that grants an access token for the API (default `<audience>/access_as_user`). */
  apiScope?: string;
  /** `tid` of every user (default `DEMO_TENANT_ID`). */
  tenantId?: string;
  clients: SandboxClient[];
  users: readonly SandboxUser[];
  /** One password for all test users. */
  password: string;
  /** Lifetime of access and ID tokens, in seconds (default 3600, as Entra's). */
  accessTokenTtlSeconds?: number;
  /** Called after each sign-in attempt at the form. */
  onSignIn?: (event: SandboxSignInEvent) => void;
}

/** A running sandbox provider. */
export interface SandboxIdp {
  issuer: string;
  tenantId: string;
  audience: string;
  apiScope: string;
  close(): Promise<void>;
}

const BODY_LIMIT = 16 * 1024;

/**
 * Starts the sandbox's OpenID provider on its own port.
 * @example
 * const idp = await startSandboxIdp({ issuer: 'http://localhost:4011', dataDir: config.dataDir, audience: 'api://brevdue',
 *   clients: [{ clientId: 'brevdue-web', clientSecret, redirectUris: ['http://localhost:3000/auth/callback'] }],
 *   users: DEMO_USERS, password: identity.sandboxIdp.password });
 * // … on shutdown: await idp.close();
 * @throws Error when the port is taken or a client's metadata is invalid (oidc-provider names the field).
 */
export async function startSandboxIdp(opts: SandboxIdpOptions): Promise<SandboxIdp> {
  const keys = await loadOrCreateSandboxKeys(join(opts.dataDir, 'sandbox-idp-keys.json'));
  const tenantId = opts.tenantId ?? DEMO_TENANT_ID;
  const apiScope = opts.apiScope ?? `${opts.audience}/access_as_user`;
  const issuerUrl = opts.issuer ? new URL(opts.issuer) : undefined;
  const port = opts.port ?? (issuerUrl ? Number(issuerUrl.port || (issuerUrl.protocol === 'https:' ? 443 : 80)) : 0);

  // Listen first: a free port (0) decides the issuer, and the provider needs the issuer. The
  // request handler is attached once the provider exists; nobody knows the port before that.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const issuer = (opts.issuer ?? `http://127.0.0.1:${actualPort}`).replace(/\/$/, '');

  const users = new Map(opts.users.map((u) => [u.oid, u]));
  const byUpn = new Map(opts.users.map((u) => [u.upn.toLowerCase(), u]));
  const entraClaims = (u: SandboxUser) => ({
    oid: u.oid,
    tid: tenantId,
    name: u.name,
    preferred_username: u.upn,
    ...(u.roles?.length ? { roles: u.roles } : {}),
    ...(u.groups?.length ? { groups: u.groups } : {}),
  });

  const ttl = opts.accessTokenTtlSeconds ?? 3600;
  const stateFile = join(opts.dataDir, 'sandbox-idp-state.json');
  const store = SandboxStore.load(stateFile);
  const configuration = {
    adapter: store.adapter(),
    clients: opts.clients.map(clientMetadata),
    jwks: { keys: keys.keys },
    // oidc-provider 8 gives its session cookie SameSite=None plus a `.legacy` twin; None needs Secure, which an http://
    // sandbox cannot set, so browsers drop it. Lax (9.x's default) is what the redirects back to /auth need.
    cookies: { keys: keys.cookieKeys, long: { httpOnly: true, sameSite: 'lax' } },
    // oid, tid, roles and groups come with the openid scope, as Entra puts them in every ID token.
    claims: {
      openid: ['sub', 'oid', 'tid', 'roles', 'groups'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    responseTypes: ['code'],
    // PKCE for every client, confidential ones too (OAuth 2.0 Security BCP); Entra accepts it for all.
    pkce: { required: () => true },
    ttl: { AccessToken: ttl, IdToken: ttl, AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 14 * 86400 },
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user || user.disabled) return undefined;
      return { accountId: user.oid, claims: () => ({ sub: user.oid, email: user.upn, email_verified: true, ...entraClaims(user) }) };
    },
    async extraTokenClaims(_ctx, token) {
      const user = 'accountId' in token && typeof token.accountId === 'string' ? users.get(token.accountId) : undefined;
      return user ? entraClaims(user) : undefined;
    },
    // First-party clients: the grant is given at sign-in, as after an Entra admin consent; no consent page.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      if (!oidc.client || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client.clientId);
      const found = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (found) return found;
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      grant.addOIDCScope('openid profile email offline_access');
      grant.addResourceScope(opts.audience, apiScope);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => opts.audience,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator) {
          if (indicator !== opts.audience) throw new oidcErrors.InvalidTarget(`unknown resource; the sandbox serves ${opts.audience}`);
          return {
            scope: apiScope,
            audience: opts.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ttl,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => void (ctx.body = renderLogoutPage(localeOfCtx(ctx), form)),
        postLogoutSuccessSource: (ctx) => void (ctx.body = renderLoggedOutPage(localeOfCtx(ctx))),
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = renderErrorPage(localeOfCtx(ctx), [out.error, out.error_description].filter(Boolean).join(': '));
    },
  } satisfies Configuration;
  let provider: Provider;
  try {
    provider = new Provider(issuer, configuration);
    // oidc-provider checks static clients on first use; look each up now so a bad one stops the start.
    for (const c of opts.clients) {
      await provider.Client.find(c.clientId).catch((e: unknown) => {
        const err = e as { message?: string; error_description?: string };
        throw new Error(`sandbox IdP client "${c.clientId}": ${err.error_description ?? err.message ?? String(e)}`);
      });
    }
  } catch (e) {
    server.close(); // do not leave the port taken
    throw e;
  }

  // oidc-provider builds its endpoint URLs from the request (koa's ctx.href), not from the issuer: behind a TLS
  // front (an https issuer, as MSAL demands) they came out as http:// on the front's port, and 8.x warns about it.
  // This server answers for one origin only, the issuer's, so it says so on every request and trusts no
  // X-Forwarded-* header a client sent.
  provider.proxy = true;
  const { protocol, host } = new URL(issuer);
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    req.headers['x-forwarded-proto'] = protocol.slice(0, -1);
    req.headers['x-forwarded-host'] = host;
    delete req.headers['x-forwarded-for'];
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith('/interaction/')) return void callback(req, res);
    interaction(provider, req, res, { byUpn, password: opts.password, onSignIn: opts.onSignIn }).catch((e: unknown) => {
      const locale = localeOf(new URL(req.url ?? '/', issuer).searchParams.get('lang'));
      const gone = e instanceof oidcErrors.SessionNotFound;
      if (!res.headersSent) res.writeHead(gone ? 400 : 500, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderErrorPage(locale, gone ? PAGE_TEXT[locale].sessionNotFound : 'Internal error'));
    });
  });

  return {
    issuer,
    tenantId,
    audience: opts.audience,
    apiScope,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }).finally(() => store.save(stateFile)),
  };
}

function clientMetadata(c: SandboxClient): ClientMetadata {
  return {
    client_id: c.clientId,
    ...(c.clientSecret
      ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    application_type: c.applicationType ?? 'web',
  };
}

function localeOfCtx(ctx: KoaContextWithOIDC): Locale {
  return localeOf(typeof ctx.query.lang === 'string' ? ctx.query.lang : ctx.acceptsLanguages('da', 'en') || undefined);
}

function samePassword(given: string, expected: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

interface InteractionDeps {
  byUpn: Map<string, SandboxUser>;
  password: string;
  onSignIn: ((event: SandboxSignInEvent) => void) | undefined;
}

/** `GET /interaction/:uid` shows the form; `POST /interaction/:uid/login` checks it. */
async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse, deps: InteractionDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const details = await provider.interactionDetails(req, res);
  const html = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };

  if (details.prompt.name === 'consent') {
    // Reached only if a grant lacks something loadExistingGrant did not add; first-party apps
    // are consented by the organisation, so the sandbox grants what was asked for.
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) }))
      : new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(' '));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
  if (req.method === 'GET') {
    return html(200, renderLoginPage({ uid: details.uid, locale: localeOf(url.searchParams.get('lang')), username: hint }));
  }
  if (req.method !== 'POST' || !url.pathname.endsWith('/login')) return html(405, renderErrorPage('da', 'Method not allowed'));

  const form = await readForm(req);
  const locale = localeOf(form.get('lang'));
  const upn = (form.get('username') ?? '').trim().toLowerCase();
  const user = deps.byUpn.get(upn);
  const sourceAddress = req.socket.remoteAddress;
  // The password is checked even for an unknown user, so the answer takes as long either way.
  const passwordOk = samePassword(form.get('password') ?? '', deps.password);
  const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : user.disabled ? 'disabled' : undefined;
  deps.onSignIn?.({ ok: !reason, upn, ...(reason ? { reason } : {}), sourceAddress });
  if (!user || reason) {
    const t = PAGE_TEXT[locale];
    return html(
      401,
      renderLoginPage({ uid: details.uid, locale, username: upn, error: reason === 'disabled' ? t.disabledUser : t.wrongCredentials }),
    );
  }
  return provider.interactionFinished(req, res, { login: { accountId: user.oid } }, { mergeWithLastSubmission: false });
}
