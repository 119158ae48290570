import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mapClaims } from '../map-claims.ts';
import { parseIdentityConfig } from '../oidc-config.ts';
import { createAccessTokenVerifier } from '../verify-access-token.ts';
import { DEMO_GROUP_MAPPING, DEMO_TENANT_ID, DEMO_USERS } from './demo-users.ts';
import { followSandboxSignIn, SandboxCookieJar, sandboxSignIn, SandboxSignInError } from './sandbox-sign-in.ts';
import { startSandboxIdp, type SandboxIdp, type SandboxSignInEvent } from './start-sandbox-idp.ts';

const PASSWORD = 'test-password-1';
const AUDIENCE = 'api://brevdue';
const REDIRECT = 'http://127.0.0.1:3999/auth/callback';
const SECRET = 'web-client-secret-for-tests';

/** A cookie jar that also keeps every raw `Set-Cookie` line, to read the attributes a browser would obey. */
class RecordingJar extends SandboxCookieJar {
  readonly lines: string[] = [];
  override take(res: Response): void {
    this.lines.push(...res.headers.getSetCookie());
    super.take(res);
  }
}

describe('the sandbox OpenID provider', () => {
  let dataDir: string;
  let idp: SandboxIdp;
  const events: SandboxSignInEvent[] = [];
  // oidc-provider reports unsupported runtimes and unconfigured defaults on the console; the tests must print none.
  const consoleSpies = () => [vi.spyOn(console, 'warn'), vi.spyOn(console, 'info')];
  let spies: ReturnType<typeof consoleSpies> = [];

  beforeAll(async () => {
    spies = consoleSpies();
    dataDir = mkdtempSync(join(tmpdir(), 'brevdue-idp-'));
    idp = await startSandboxIdp({
      dataDir,
      audience: AUDIENCE,
      password: PASSWORD,
      users: [
        ...DEMO_USERS,
        { upn: 'gone@demo.example', name: 'Gone', oid: '0b9e1a2c-0000-4000-8000-0000000000ff', roles: ['Brevdue.Sender'], disabled: true },
      ],
      clients: [
        { clientId: 'brevdue-web', clientSecret: SECRET, redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://127.0.0.1:3999/'] },
        { clientId: 'brevdue-spa', redirectUris: ['http://127.0.0.1:3999/taskpane'] },
      ],
      onSignIn: (e) => events.push(e),
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await idp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (username: string, extra: Partial<Parameters<typeof sandboxSignIn>[0]> = {}) =>
    sandboxSignIn({
      issuer: idp.issuer,
      clientId: 'brevdue-web',
      clientSecret: SECRET,
      redirectUri: REDIRECT,
      username,
      password: PASSWORD,
      scope: `openid profile email ${idp.apiScope}`,
      ...extra,
    });

  const identity = () =>
    parseIdentityConfig(
      {
        issuer: idp.issuer,
        clientId: 'brevdue-web',
        audience: AUDIENCE,
        allowedTenants: [DEMO_TENANT_ID],
        claimMapping: { groups: DEMO_GROUP_MAPPING },
      },
      {},
    );

  it('publishes discovery with PKCE S256, the JWKS and the end-session endpoint', async () => {
    const doc = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(idp.issuer);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.end_session_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const jwks = (await (await fetch(String(doc.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d'); // public half only
  });

  it('signs every demo user in with code + PKCE; the access token verifies and maps to their role and team', async () => {
    const config = identity();
    const verifier = createAccessTokenVerifier(config);
    const expected: Record<string, { roles: string[]; teams: string[] }> = {
      'admin@demo.example': { roles: ['admin'], teams: [] },
      'sender@demo.example': { roles: ['sender'], teams: ['borgerservice'] },
      'sender2@demo.example': { roles: ['sender'], teams: ['skole'] },
      'teamlead@demo.example': { roles: ['teamlead'], teams: ['borgerservice'] },
      'archivist@demo.example': { roles: ['archivist'], teams: [] },
      'auditor@demo.example': { roles: ['auditor'], teams: [] },
    };
    for (const [upn, want] of Object.entries(expected)) {
      const tokens = await signIn(upn);
      expect(decodeProtectedHeader(tokens.accessToken).typ).toBe('at+jwt');
      const claims = await verifier.verify(tokens.accessToken);
      expect(claims.aud).toBe(AUDIENCE);
      expect(claims.tid).toBe(DEMO_TENANT_ID);
      const who = mapClaims(claims, config.claimMapping);
      expect(who).toMatchObject({ upn, ...want, tenant: DEMO_TENANT_ID });
      expect(who.subject).toBe(DEMO_USERS.find((u) => u.upn === upn)!.oid);
      // The ID token is Entra-shaped too: the web sign-in reads name and roles from it.
      const id = decodeJwt(tokens.idToken);
      expect(id).toMatchObject({ aud: 'brevdue-web', preferred_username: upn, tid: DEMO_TENANT_ID, oid: who.subject });
      expect(id.name).toBe(DEMO_USERS.find((u) => u.upn === upn)!.name);
    }
  });

  it('serves a public client (task pane / SPA) with PKCE and no secret', async () => {
    const tokens = await signIn('sender@demo.example', {
      clientId: 'brevdue-spa',
      clientSecret: undefined,
      redirectUri: 'http://127.0.0.1:3999/taskpane',
    });
    const claims = await createAccessTokenVerifier(identity()).verify(tokens.accessToken);
    expect(claims.client_id).toBe('brevdue-spa');
    expect(claims.scope).toBe(idp.apiScope);
  });

  it('loads on this Node without the unsupported-runtime warning (oidc-provider 9 wants Node 22)', () => {
    // A fresh process: the check runs once, when the module is first imported.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('oidc-provider')"], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout + child.stderr).not.toContain('oidc-provider');
  });

  it('names every endpoint on the issuer behind a TLS front, whatever X-Forwarded-* a client sends', async () => {
    const port = Number(new URL(idp.issuer).port) + 2;
    const issuer = 'https://127.0.0.1:9443'; // the front's address; the provider itself listens on plain http
    const behind = await startSandboxIdp({ issuer, port, dataDir, audience: AUDIENCE, password: PASSWORD, users: DEMO_USERS, clients: [] });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`, {
        headers: { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example' },
      });
      const doc = (await res.json()) as Record<string, string>;
      expect(doc.issuer).toBe(issuer);
      for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint'])
        expect(doc[name], name).toMatch(/^https:\/\/127\.0\.0\.1:9443\//);
    } finally {
      await behind.close();
    }
  });

  it('sets its session cookie HttpOnly and SameSite=Lax, with no SameSite=None twin a plain-http browser would drop', async () => {
    const jar = new RecordingJar();
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'brevdue-spa',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:3999/taskpane',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const back = await followSandboxSignIn(url, { username: 'auditor@demo.example', password: PASSWORD }, jar);
    expect(back.searchParams.has('code')).toBe(true);
    const session = jar.lines.find((l) => l.startsWith('_session='));
    expect(session).toMatch(/;\s*samesite=lax/i);
    expect(session).toMatch(/;\s*httponly/i);
    expect(jar.lines.filter((l) => /samesite=none|^_session\.legacy/i.test(l))).toEqual([]);
  });

  it('refuses a wrong password, an unknown user and a disabled user at the form, and reports each attempt', async () => {
    events.length = 0;
    await expect(signIn('sender@demo.example', { password: 'wrong-password' })).rejects.toMatchObject({ step: 'login', status: 401 });
    await expect(signIn('nobody@demo.example')).rejects.toBeInstanceOf(SandboxSignInError);
    await expect(signIn('gone@demo.example')).rejects.toMatchObject({ step: 'login', status: 401 });
    expect(events.map((e) => [e.upn, e.ok, e.reason])).toEqual([
      ['sender@demo.example', false, 'wrong_password'],
      ['nobody@demo.example', false, 'unknown_user'],
      ['gone@demo.example', false, 'disabled'],
    ]);
    expect(JSON.stringify(events)).not.toContain('wrong-password');
  });

  it('refuses an authorization request without PKCE, also from the confidential client', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'brevdue-web',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 's',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? 'http://x/');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('shows the sign-in form in Danish, and in English by the switch', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'brevdue-spa',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:3999/taskpane',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const start = await fetch(url, { redirect: 'manual' });
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const form = new URL(start.headers.get('location')!, idp.issuer);
    const da = await (await fetch(form, { headers: { cookie } })).text();
    expect(da).toContain('<html lang="da">');
    expect(da).toContain('Log ind på Brevdue');
    form.searchParams.set('lang', 'en');
    const en = await (await fetch(form, { headers: { cookie } })).text();
    expect(en).toContain('Sign in to Brevdue');
  });

  it('keeps its signing key in the data dir, so a restarted provider still vouches for earlier tokens', async () => {
    const file = join(dataDir, 'sandbox-idp-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const kid = (JSON.parse(readFileSync(file, 'utf8')) as { keys: { kid: string }[] }).keys[0]!.kid;
    const tokens = await signIn('archivist@demo.example');
    expect(decodeProtectedHeader(tokens.accessToken).kid).toBe(kid);
    const issuer = idp.issuer;
    const port = Number(new URL(issuer).port);
    await idp.close();
    idp = await startSandboxIdp({
      issuer,
      port,
      dataDir,
      audience: AUDIENCE,
      password: PASSWORD,
      users: DEMO_USERS,
      clients: [{ clientId: 'brevdue-web', clientSecret: SECRET, redirectUris: [REDIRECT] }],
    });
    const claims = await createAccessTokenVerifier(identity()).verify(tokens.accessToken);
    expect(claims.preferred_username).toBe('archivist@demo.example');
  });

  it('refuses a client with bad metadata at start, naming it, and leaves the port free', async () => {
    const port = Number(new URL(idp.issuer).port) + 1;
    const bad = { dataDir, audience: AUDIENCE, password: PASSWORD, users: DEMO_USERS, port };
    await expect(startSandboxIdp({ ...bad, clients: [{ clientId: 'x', redirectUris: ['not a url'] }] })).rejects.toThrow(/redirect_uris/);
    const ok = await startSandboxIdp({ ...bad, clients: [] });
    expect(ok.issuer).toBe(`http://127.0.0.1:${port}`);
    await ok.close();
  });

  it('printed no oidc-provider warning or notice while serving the tests above', () => {
    const printed = spies.flatMap((spy) => spy.mock.calls.map((args) => String(args[0])));
    expect(printed.filter((line) => line.includes('oidc-provider'))).toEqual([]);
  });
});
