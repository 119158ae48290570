import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenProvider, memoryStore } from '../token-provider.ts';
import { fetchAuthConfig, msalConfiguration } from './auth-config.ts';
import { parseDialogMessage } from './dialog-messages.ts';
import { WithTrialToken } from './with-trial-token.ts';

const sandbox = {
  issuer: 'https://localhost:4011',
  clientId: 'brevdue-pane',
  scopes: ['openid', 'api://brevdue/access_as_user'],
  sandbox: true,
};

describe('msalConfiguration', () => {
  it('treats a non-Microsoft issuer as a generic OpenID provider it trusts by name', () => {
    const c = msalConfiguration(sandbox, 'https://brevdue.example/addins/web/sign-in-dialog.html');
    expect(c.auth).toMatchObject({
      authority: 'https://localhost:4011',
      knownAuthorities: ['localhost:4011'],
      protocolMode: 'OIDC',
      clientId: 'brevdue-pane',
    });
  });

  it('gives Entra ID its authority without the version segment, in MSAL’s own protocol', () => {
    const c = msalConfiguration(
      { ...sandbox, issuer: 'https://login.microsoftonline.com/7d3f4c8e-2b1a-4e6f-9c0d-5a8b7e6f1d20/v2.0' },
      'https://x/',
    );
    expect(c.auth.authority).toBe('https://login.microsoftonline.com/7d3f4c8e-2b1a-4e6f-9c0d-5a8b7e6f1d20');
    expect(c.auth.protocolMode).toBeUndefined();
    expect(c.auth.knownAuthorities).toBeUndefined();
  });

  it('refuses an http issuer, naming the field (MSAL would refuse it less clearly)', () => {
    expect(() => msalConfiguration({ ...sandbox, issuer: 'http://localhost:4011' }, 'https://x/')).toThrow(/identity\.issuer.*https/);
  });
});

describe('fetchAuthConfig', () => {
  let url: string;
  let answer: { status: number; body: unknown };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url !== '/auth/config') return void res.writeHead(404).end();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads the config, null when the platform has no identity (404), and names a missing field', async () => {
    answer = { status: 200, body: sandbox };
    expect(await fetchAuthConfig(url)).toEqual(sandbox);
    answer = { status: 404, body: { error: { code: 'not_configured', message: '…' } } };
    expect(await fetchAuthConfig(url)).toBeNull();
    answer = { status: 200, body: { ...sandbox, clientId: undefined } };
    await expect(fetchAuthConfig(url)).rejects.toThrow(/"clientId".*identity\.clientId/);
    answer = { status: 200, body: { ...sandbox, scopes: 'openid' } };
    await expect(fetchAuthConfig(url)).rejects.toThrow(/"scopes"/);
  });
});

describe('parseDialogMessage', () => {
  it('accepts a token or an error and refuses anything else', () => {
    expect(parseDialogMessage('{"type":"token","accessToken":"a.b.c","expiresOn":1}')).toMatchObject({ type: 'token' });
    expect(parseDialogMessage('{"type":"error","code":"cancelled","message":"x"}')).toMatchObject({ code: 'cancelled' });
    expect(() => parseDialogMessage('{"type":"token"}')).toThrow(/not a token/);
  });
});

describe('WithTrialToken', () => {
  it('uses a kept trial token first, and sign-out forgets only that', async () => {
    let accountSignedOut = false;
    const account = {
      interactive: false,
      getToken: async () => 'account-token',
      setToken: async () => {},
      signOut: async () => void (accountSignedOut = true),
    };
    const tokens = new WithTrialToken(account, new ApiTokenProvider(memoryStore()));
    expect(await tokens.getToken()).toBe('account-token');
    await tokens.setToken(' bd_trial ');
    expect(await tokens.getToken()).toBe('bd_trial');
    await tokens.signOut();
    expect(accountSignedOut).toBe(false);
    expect(await tokens.getToken()).toBe('account-token');
    await tokens.signOut();
    expect(accountSignedOut).toBe(true);
  });
});
