import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapClaims } from './map-claims.ts';
import { parseIdentityConfig } from './oidc-config.ts';
import { DEMO_GROUP_MAPPING, DEMO_USERS } from './sandbox-idp/demo-users.ts';
import { followSandboxSignIn, SandboxCookieJar } from './sandbox-idp/sandbox-sign-in.ts';
import { startSandboxIdp, type SandboxIdp } from './sandbox-idp/start-sandbox-idp.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';
import { createWebSignIn, type WebSignIn } from './web-sign-in.ts';

const PASSWORD = 'test-password-2';
const SECRET = 'confidential-web-client-secret';
const CALLBACK = 'http://127.0.0.1:3998/auth/callback';
const COOKIE_SECRET = 'a-cookie-secret-of-at-least-32-characters';

describe('web sign-in (openid-client, code + PKCE) against the sandbox provider', () => {
  let dataDir: string;
  let idp: SandboxIdp;
  let web: WebSignIn;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'brevdue-web-sign-in-'));
    idp = await startSandboxIdp({
      dataDir,
      audience: 'api://brevdue',
      password: PASSWORD,
      users: DEMO_USERS,
      clients: [
        { clientId: 'brevdue-web', clientSecret: SECRET, redirectUris: [CALLBACK], postLogoutRedirectUris: ['http://127.0.0.1:3998/'] },
      ],
    });
    web = createWebSignIn({
      issuer: idp.issuer,
      clientId: 'brevdue-web',
      clientSecret: SECRET,
      redirectUri: CALLBACK,
      postLogoutRedirectUri: 'http://127.0.0.1:3998/',
      scopes: ['openid', 'profile', 'email', idp.apiScope],
      cookieSecret: COOKIE_SECRET,
    });
  });
  afterAll(async () => {
    await idp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with a PKCE authorization URL and an HttpOnly, SameSite=Lax cookie scoped to the callback', async () => {
    const { url, cookie } = await web.start({ returnTo: '/console/letters?x=1' });
    expect(url.origin).toBe(new URL(idp.issuer).origin);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('scope')).toBe(`openid profile email ${idp.apiScope}`);
    expect(cookie).toMatchObject({
      name: 'brevdue_sign_in',
      options: { httpOnly: true, sameSite: 'Lax', secure: false, path: '/auth/callback', maxAge: 600 },
    });
    // The verifier is sealed: nothing in the cookie reads as the state or the verifier.
    expect(cookie.value).not.toContain(url.searchParams.get('state')!);
    expect(cookie.value.split('.')).toHaveLength(5); // a compact JWE
  });

  it('finishes: exchanges the code, verifies the ID token, and the access token is for the API', async () => {
    const { url, cookie } = await web.start({ returnTo: '/console/letters?x=1' });
    const callback = await followSandboxSignIn(url, { username: 'teamlead@demo.example', password: PASSWORD });
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    const result = await web.finish(callback, cookie.value);
    expect(result.returnTo).toBe('/console/letters?x=1');
    expect(result.claims).toMatchObject({ preferred_username: 'teamlead@demo.example', name: 'Tine Teamleder', aud: 'brevdue-web' });
    expect(result.expiresAt).toBeGreaterThan(Date.now() / 1000);

    const identity = parseIdentityConfig(
      { issuer: idp.issuer, clientId: 'brevdue-web', audience: 'api://brevdue', claimMapping: { groups: DEMO_GROUP_MAPPING } },
      {},
    );
    const claims = await createAccessTokenVerifier(identity).verify(result.accessToken);
    expect(mapClaims(claims, identity.claimMapping)).toMatchObject({
      upn: 'teamlead@demo.example',
      roles: ['teamlead'],
      teams: ['borgerservice'],
    });
    // The ID token maps the same way (the console can provision from it alone).
    expect(mapClaims(result.claims, identity.claimMapping).roles).toEqual(['teamlead']);
  });

  it("refuses a callback without the cookie, with another attempt's cookie, or with a tampered state", async () => {
    const first = await web.start();
    const second = await web.start();
    const callback = await followSandboxSignIn(first.url, { username: 'sender@demo.example', password: PASSWORD });
    await expect(web.finish(callback, undefined)).rejects.toMatchObject({ code: 'sign_in_state', status: 400 });
    await expect(web.finish(callback, second.cookie.value)).rejects.toMatchObject({ code: 'sign_in_state' });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forged');
    await expect(web.finish(tampered, first.cookie.value)).rejects.toMatchObject({ code: 'sign_in_state' });
    await expect(web.finish(callback, `${first.cookie.value.slice(0, -4)}AAAA`)).rejects.toMatchObject({ code: 'sign_in_state' });
  });

  it('does not accept a code twice', async () => {
    const { url, cookie } = await web.start();
    const callback = await followSandboxSignIn(url, { username: 'sender@demo.example', password: PASSWORD });
    await web.finish(callback, cookie.value);
    await expect(web.finish(callback, cookie.value)).rejects.toMatchObject({
      code: 'sign_in_failed',
      detail: expect.stringContaining('invalid_grant'),
    });
  });

  it('reports an error the provider sends back (the user cancelled) as sign_in_failed', async () => {
    const { url, cookie } = await web.start();
    const back = new URL(CALLBACK);
    back.search = new URLSearchParams({
      error: 'access_denied',
      error_description: 'cancelled',
      state: url.searchParams.get('state')!,
      iss: idp.issuer,
    }).toString();
    await expect(web.finish(back, cookie.value)).rejects.toMatchObject({ code: 'sign_in_failed', detail: 'access_denied: cancelled' });
  });

  it('never returns to another site: returnTo is a local path or /', async () => {
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const { url, cookie } = await web.start({ returnTo: evil });
      const callback = await followSandboxSignIn(url, { username: 'auditor@demo.example', password: PASSWORD });
      expect((await web.finish(callback, cookie.value)).returnTo).toBe('/');
    }
  });

  it("builds the end-session URL, and sign-out there ends the provider's session", async () => {
    const browser = new SandboxCookieJar();
    const first = await web.start();
    const { idToken } = await web.finish(
      await followSandboxSignIn(first.url, { username: 'archivist@demo.example', password: PASSWORD }, browser),
      first.cookie.value,
    );

    // Signed in at the provider: a second sign-in passes without the form.
    const again = await web.start();
    const silent = await fetch(again.url, { redirect: 'manual', headers: { cookie: browser.header() } });
    expect(silent.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:3998\/auth\/callback\?code=/);

    const out = await web.signOutUrl({ idToken });
    expect(out.pathname).toBe('/session/end');
    expect(out.searchParams.get('post_logout_redirect_uri')).toBe('http://127.0.0.1:3998/');
    expect(out.searchParams.get('id_token_hint')).toBe(idToken);
    const question = await fetch(out, { headers: { cookie: browser.header(), 'accept-language': 'da' } });
    browser.take(question);
    const html = await question.text();
    expect(html).toContain('Log ud af Brevdue?');
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirm = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    browser.take(confirm);
    expect(confirm.headers.get('location')).toBe('http://127.0.0.1:3998/');

    // Signed out: the next sign-in shows the form again.
    const after = await web.start();
    const form = await fetch(after.url, { redirect: 'manual', headers: { cookie: browser.header() } });
    expect(form.headers.get('location')).toMatch(/^\/interaction\//);
  });

  it('refuses a short cookie secret and a multi-tenant issuer when created', () => {
    const base = {
      issuer: idp.issuer,
      clientId: 'c',
      clientSecret: 's',
      redirectUri: CALLBACK,
      scopes: ['openid'],
      cookieSecret: COOKIE_SECRET,
    };
    expect(() => createWebSignIn({ ...base, cookieSecret: 'short' })).toThrow(/at least 32 characters/);
    expect(() => createWebSignIn({ ...base, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' })).toThrow(/identity\.issuer/);
  });
});
