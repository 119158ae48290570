/**
 * @module
 * The identity side of the browser sign-in tests: the sandbox's real OpenID provider behind a
 * TLS front (MSAL accepts only https authorities, as Entra ID is), and a minimal platform on
 * loopback that serves the built pages, `/auth/config` and a `/v1/me` that verifies the bearer
 * JWT against the provider's keys exactly as the platform does. For /send it stands in for the
 * platform's server-side sign-in only as far as the page sees it (the contract: `/auth/sign-in`
 * sets an HttpOnly cookie and returns to `returnTo`); the platform's own tests cover the rest.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { buildAddins } from '@brevdue/addins/build';
import { ADDIN_FILE_ROUTE } from '../../platform/src/web/web-routes.ts';
import { createAccessTokenVerifier, mapClaims, parseIdentityConfig } from '../../platform/src/identity/index.ts';
import {
  DEMO_GROUP_MAPPING,
  DEMO_USERS,
  sandboxSignIn,
  startSandboxIdp,
  type SandboxIdp,
  type SandboxSignInResult,
} from '../../platform/src/identity/sandbox-idp/index.ts';

/** The sandbox users' password in these tests. */
export const PASSWORD = 'pane-sign-in-password';
/** The panes' public client at the provider. */
export const PANE_CLIENT = 'brevdue-pane';

/** What the test platform saw of one API call. */
export interface SeenCall {
  path: string;
  /** `bearer` with the verified user, `cookie`, or `refused` with the verifier's reason. */
  auth:
    | { kind: 'bearer'; upn: string; token: string }
    | { kind: 'cookie'; csrf: boolean; authorization: boolean }
    | { kind: 'refused'; reason: string }
    | { kind: 'none'; query: string };
}

/** The running pieces. */
export interface SignInWorld {
  /** The pages' origin (http on loopback). */
  origin: string;
  idp: SandboxIdp;
  /** What `/auth/config` answers; tests flip `sandbox`. */
  authConfig: { issuer: string; clientId: string; scopes: string[]; sandbox: boolean };
  seen: SeenCall[];
  /** Signs a user in at the provider over HTTP, as an Office host's broker would, for the pane's client. */
  signInAsHost(username: string): Promise<SandboxSignInResult>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A self-signed certificate for 127.0.0.1 (Chromium runs with ignoreHTTPSErrors). */
function selfSigned(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

const SESSION = 'brevdue_session';
const SESSION_VALUE = 'test-session';
const hasSession = (cookie: string | undefined) => (cookie ?? '').split(/;\s*/).includes(`${SESSION}=${SESSION_VALUE}`);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

/**
 * Starts the provider, its TLS front and the pages' platform.
 * @throws Error when openssl is missing or a port cannot be had.
 */
export async function startSignInWorld(): Promise<SignInWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-pane-signin-'));
  const { dir: buildDir } = await buildAddins();
  const [tlsPort, idpPort, pagePort] = await Promise.all([freePort(), freePort(), freePort()]);
  const origin = `http://127.0.0.1:${pagePort}`;
  const issuer = `https://127.0.0.1:${tlsPort}`;

  const idp = await startSandboxIdp({
    issuer,
    port: idpPort,
    dataDir: dir,
    audience: 'api://brevdue',
    password: PASSWORD,
    users: DEMO_USERS,
    // The panes' SPA client: public, PKCE, redirect to the sign-in dialog page.
    clients: [{ clientId: PANE_CLIENT, redirectUris: [`${origin}/addins/web/sign-in-dialog.html`] }],
  });

  // The TLS front. It also answers CORS for the pages' origin the way Entra ID does for a
  // registered SPA redirect URI: the sandbox provider refuses cross-origin token requests
  // (oidc-provider's default clientBasedCORS), which a browser client must make.
  const tls = selfSigned(dir);
  const front = createHttpsServer(tls, (req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers };
    const cors = req.headers.origin === origin && req.method !== 'OPTIONS';
    if (cors) delete headers.origin;
    const up = httpRequest({ host: '127.0.0.1', port: idpPort, method: req.method, path: req.url, headers }, (r) => {
      const out = { ...r.headers };
      if (cors) Object.assign(out, { 'access-control-allow-origin': origin, vary: 'Origin' });
      res.writeHead(r.statusCode ?? 502, out);
      r.pipe(res);
    });
    up.on('error', (e) => res.writeHead(502).end(String(e)));
    req.pipe(up);
  });
  await new Promise<void>((r) => front.listen(tlsPort, '127.0.0.1', () => r()));

  const identity = parseIdentityConfig(
    { issuer, clientId: PANE_CLIENT, audience: 'api://brevdue', claimMapping: { groups: DEMO_GROUP_MAPPING } },
    {},
  );
  // Keys over the provider's own port: Node does not trust the test certificate.
  const verifier = createAccessTokenVerifier({ issuer, audience: 'api://brevdue', jwksUri: `http://127.0.0.1:${idpPort}/jwks` });
  const authConfig = { issuer, clientId: PANE_CLIENT, scopes: ['openid', 'profile', idp.apiScope], sandbox: true };
  const seen: SeenCall[] = [];

  const app = new Hono();
  app.get('/auth/config', (c) => c.json(authConfig));
  app.get('/auth/sign-in', (c) => {
    seen.push({ path: '/auth/sign-in', auth: { kind: 'none', query: new URL(c.req.url).search } });
    c.header('set-cookie', `${SESSION}=${SESSION_VALUE}; Path=/; HttpOnly; SameSite=Lax`);
    return c.redirect(c.req.query('returnTo') ?? '/send', 302);
  });
  app.get('/send', (c) => c.body(readFileSync(join(buildDir, 'web', 'send.html')), 200, { 'content-type': TYPES['.html']! }));
  // The session ends (as after sign-out elsewhere or expiry): the page must go to sign-in, then come back.
  app.post('/v1/documents', (c) => {
    if (!hasSession(c.req.header('cookie'))) return c.json({ error: { code: 'unauthorized', message: 'sign in' } }, 401);
    seen.push({
      path: '/v1/documents',
      auth: { kind: 'cookie', csrf: c.req.header('x-brevdue-csrf') === '1', authorization: c.req.header('authorization') !== undefined },
    });
    c.header('set-cookie', `${SESSION}=; Path=/; HttpOnly; Max-Age=0`);
    return c.json({ error: { code: 'unauthorized', message: 'session ended' } }, 401);
  });
  app.get('/v1/me', async (c) => {
    if (hasSession(c.req.header('cookie'))) {
      seen.push({ path: '/v1/me', auth: { kind: 'cookie', csrf: false, authorization: c.req.header('authorization') !== undefined } });
      return c.json({ organisation: { id: 'org-1', slug: 'demo', name: 'Demo' }, user: null, roles: ['sender'], tokenId: null });
    }
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer) {
      seen.push({ path: '/v1/me', auth: { kind: 'refused', reason: 'no bearer' } });
      return c.json({ error: { code: 'unauthorized', message: 'sign in' } }, 401);
    }
    try {
      const claims = await verifier.verify(bearer);
      const who = mapClaims(claims, identity.claimMapping);
      seen.push({ path: '/v1/me', auth: { kind: 'bearer', upn: who.upn, token: bearer } });
      return c.json({
        organisation: { id: 'org-1', slug: 'demo', name: 'Demo' },
        user: { id: claims.sub, upn: who.upn, name: who.name, roles: who.roles, teams: who.teams },
        roles: who.roles,
        tokenId: null,
      });
    } catch (e) {
      seen.push({ path: '/v1/me', auth: { kind: 'refused', reason: (e as Error).message } });
      return c.json({ error: { code: 'unauthorized', message: (e as Error).message } }, 401);
    }
  });
  app.get(ADDIN_FILE_ROUTE, (c) => {
    const file = normalize(join(buildDir, c.req.param('dir'), c.req.param('file')));
    if (!file.startsWith(buildDir + sep)) return c.notFound();
    try {
      return c.body(readFileSync(file), 200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return c.notFound();
    }
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: pagePort, hostname: '127.0.0.1' }, () => resolve(s));
  });

  return {
    origin,
    idp,
    authConfig,
    seen,
    signInAsHost: async (username) => {
      // Node does not trust the front's self-signed certificate; only for these few requests.
      const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        return await sandboxSignIn({
          issuer,
          clientId: PANE_CLIENT,
          redirectUri: `${origin}/addins/web/sign-in-dialog.html`,
          username,
          password: PASSWORD,
          scope: `openid profile ${idp.apiScope}`,
        });
      } finally {
        if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
      }
    },
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      front.closeAllConnections();
      await new Promise<void>((r) => front.close(() => r()));
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
