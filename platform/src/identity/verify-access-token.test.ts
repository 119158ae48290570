import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityError } from './identity-error.ts';
import { DEMO_TENANT_ID, DEMO_USERS } from './sandbox-idp/demo-users.ts';
import { sandboxSignIn } from './sandbox-idp/sandbox-sign-in.ts';
import { startSandboxIdp, type SandboxIdp } from './sandbox-idp/start-sandbox-idp.ts';
import { createAccessTokenVerifier, type AccessTokenVerifierOptions } from './verify-access-token.ts';

const PASSWORD = 'test-password-3';
const REDIRECT = 'http://127.0.0.1:3997/cb';
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

describe('createAccessTokenVerifier', () => {
  const dirs: string[] = [];
  let idp: SandboxIdp;
  let other: SandboxIdp;
  let token: string;
  let idToken: string;

  const start = (tenantId?: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-verify-'));
    dirs.push(dataDir);
    return startSandboxIdp({
      dataDir,
      audience: 'api://brevdue',
      password: PASSWORD,
      users: DEMO_USERS,
      ...(tenantId ? { tenantId } : {}),
      clients: [{ clientId: 'web', clientSecret: 'secret', redirectUris: [REDIRECT] }],
    });
  };
  const signIn = async (at: SandboxIdp) =>
    sandboxSignIn({
      issuer: at.issuer,
      clientId: 'web',
      clientSecret: 'secret',
      redirectUri: REDIRECT,
      username: 'sender@demo.example',
      password: PASSWORD,
      scope: `openid profile ${at.apiScope}`,
    });
  const verifier = (extra: Partial<AccessTokenVerifierOptions> = {}) =>
    createAccessTokenVerifier({ issuer: idp.issuer, audience: 'api://brevdue', ...extra });
  const failure = async (promise: Promise<unknown>): Promise<IdentityError> => {
    const e = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(IdentityError);
    const err = e as IdentityError;
    // Nothing about the failure repeats the token (or any part of its signature).
    for (const text of [err.message, err.detail ?? '', err.messageIn('en')]) expect(text).not.toContain(token.split('.')[2]!.slice(0, 16));
    return err;
  };

  beforeAll(async () => {
    [idp, other] = await Promise.all([start(), start(OTHER_TENANT)]);
    const tokens = await signIn(idp);
    token = tokens.accessToken;
    idToken = tokens.idToken;
  });
  afterAll(async () => {
    await Promise.all([idp?.close(), other?.close()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('accepts a fresh token and returns its Entra-shaped claims', async () => {
    const claims = await verifier({ allowedTenants: [DEMO_TENANT_ID] }).verify(token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: 'api://brevdue',
      tid: DEMO_TENANT_ID,
      preferred_username: 'sender@demo.example',
      roles: ['Brevdue.Sender'],
    });
  });

  it('refuses an expired token, and one used before nbf, beyond the clock tolerance only', async () => {
    const { exp, iat } = decodeJwt(token) as { exp: number; iat: number };
    const v = verifier({ clockToleranceSeconds: 30 });
    await expect(v.verify(token, { currentDate: new Date((exp + 20) * 1000) })).resolves.toBeDefined();
    expect((await failure(v.verify(token, { currentDate: new Date((exp + 31) * 1000) }))).code).toBe('token_expired');
    await expect(v.verify(token, { currentDate: new Date((iat - 20) * 1000) })).resolves.toBeDefined();
    expect((await failure(v.verify(token, { currentDate: new Date((iat - 31) * 1000) }))).code).toBe('token_not_yet_valid');
  });

  it('refuses a token for another audience', async () => {
    const e = await failure(verifier({ audience: 'api://something-else' }).verify(token));
    expect(e).toMatchObject({ code: 'wrong_audience', status: 401 });
  });

  it('refuses an ID token of the same issuer even when its audience is accepted', async () => {
    const e = await failure(verifier({ audience: ['api://brevdue', 'web'] }).verify(idToken));
    expect(e.code).toBe('wrong_audience');
    expect(e.detail).toMatch(/ID token/);
  });

  it('refuses a token of another issuer, and of a tenant not allowed', async () => {
    const foreign = (await signIn(other)).accessToken;
    expect((await failure(verifier().verify(foreign))).code).toBe('unknown_issuer');
    expect((await failure(verifier({ allowedTenants: [DEMO_TENANT_ID] }).verify(foreign))).code).toBe('tenant_not_allowed');
    expect((await failure(verifier({ allowedTenants: [OTHER_TENANT] }).verify(token))).code).toBe('tenant_not_allowed');
  });

  it('takes the tenant from the token for a multi-tenant issuer, and only from allowed tenants', async () => {
    // The sandbox's issuer has no tenant in its path: the expected issuer built from the token's
    // tid shows in the refusal.
    const jwksUri = `${idp.issuer}/jwks`;
    const v = createAccessTokenVerifier({
      issuer: `${idp.issuer}/{tenantid}`,
      audience: 'api://brevdue',
      allowedTenants: [DEMO_TENANT_ID],
      jwksUri,
    });
    const e = await failure(v.verify(token));
    expect(e.code).toBe('unknown_issuer');
    expect(e.detail).toContain(`${idp.issuer}/${DEMO_TENANT_ID}`);
  });

  it('refuses a token signed with another key under our issuer and key id', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = decodeProtectedHeader(token).kid!;
    const forged = await new SignJWT({ ...decodeJwt(token) }).setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' }).sign(privateKey);
    expect((await failure(verifier().verify(forged))).code).toBe('bad_signature');
    const unknownKid = await new SignJWT({ ...decodeJwt(token) }).setProtectedHeader({ alg: 'RS256', kid: 'nope' }).sign(privateKey);
    expect((await failure(verifier().verify(unknownKid))).code).toBe('bad_signature');
    const [h, p] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...decodeJwt(token), roles: ['Brevdue.Admin'] })).toString('base64url');
    const swapped = `${h}.${promoted}.${token.split('.')[2]}`;
    expect(p).not.toBe(swapped.split('.')[1]);
    expect((await failure(verifier().verify(swapped))).code).toBe('bad_signature');
  });

  it('refuses what is not a JWT, and alg none', async () => {
    expect((await failure(verifier().verify('not-a-token'))).code).toBe('token_malformed');
    const [, payload] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect((await failure(verifier().verify(none))).code).toBe('token_malformed');
  });

  it('says jwks_unavailable (503) when the key set cannot be fetched', async () => {
    const dead = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const port = (dead.address() as AddressInfo).port;
    const v = createAccessTokenVerifier({ issuer: idp.issuer, audience: 'api://brevdue', jwksUri: `http://127.0.0.1:${port}/jwks` });
    const e = await failure(v.verify(token));
    expect(e).toMatchObject({ code: 'jwks_unavailable', status: 503 });
    await new Promise((r) => dead.close(r));
  });
});
