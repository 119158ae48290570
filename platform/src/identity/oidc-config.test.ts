import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_PASSWORD, IdentityConfigError, parseIdentityConfig } from './oidc-config.ts';

const ENTRA = {
  issuer: 'https://login.microsoftonline.com/7d3f4c8e-2b1a-4e6f-9c0d-5a8b7e6f1d20/v2.0',
  clientId: '5f0e4a1b-0000-4000-8000-00000000000a',
  audience: '5f0e4a1b-0000-4000-8000-00000000000a',
  apiScope: 'api://5f0e4a1b-0000-4000-8000-00000000000a/access_as_user',
};

describe('parseIdentityConfig', () => {
  it('fills the defaults: Entra app roles, 30 s tolerance, sandbox off with the documented password', () => {
    const c = parseIdentityConfig(ENTRA, {});
    expect(c.claimMapping.roleClaim).toBe('roles');
    expect(c.claimMapping.appRoles['Brevdue.TeamLead']).toBe('teamlead');
    expect(c.clockToleranceSeconds).toBe(30);
    expect(c.scopes).toEqual(['openid', 'profile', 'email']);
    expect(c.sandboxIdp).toEqual({ enabled: false, password: DEFAULT_SANDBOX_PASSWORD });
  });

  it('takes the client secret and the sandbox password from the environment', () => {
    const c = parseIdentityConfig(
      { ...ENTRA, clientSecret: 'from-file' },
      { BREVDUE_OIDC_CLIENT_SECRET: 'from-env', BREVDUE_SANDBOX_PASSWORD: 'env-password' },
    );
    expect(c.clientSecret).toBe('from-env');
    expect(c.sandboxIdp.password).toBe('env-password');
  });

  it('names the field and the fix for each mistake', () => {
    const wrong = (raw: unknown) => {
      try {
        parseIdentityConfig(raw, {});
      } catch (e) {
        expect(e).toBeInstanceOf(IdentityConfigError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(wrong({ ...ENTRA, issuer: 'http://login.example.com' })).toMatch(/identity\.issuer: must use https/);
    expect(wrong({ ...ENTRA, issuer: 'login.microsoftonline.com' })).toMatch(/identity\.issuer: must be an absolute URL/);
    expect(wrong({ ...ENTRA, clientId: '' })).toMatch(/identity\.clientId: give the app registration's client id/);
    expect(wrong({ issuer: ENTRA.issuer, clientId: 'x' })).toMatch(/identity\.audience/);
    expect(wrong({ ...ENTRA, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' })).toMatch(
      /identity\.allowedTenants: a multi-tenant issuer/,
    );
    expect(wrong({ ...ENTRA, claimMapping: { appRoles: { 'Brevdue.Boss': 'boss' } } })).toMatch(
      /identity\.claimMapping\.appRoles\.Brevdue\.Boss/,
    );
    expect(wrong({ ...ENTRA, claimMapping: { groups: { g1: { teams: ['Borger Service'] } } } })).toMatch(
      /identity\.claimMapping\.groups\.g1\.teams\.0: a team is lower-case/,
    );
    expect(wrong({ ...ENTRA, sandboxIdp: { enabled: true } })).toMatch(
      /identity\.issuer: with sandboxIdp\.enabled the issuer must be the local sandbox/,
    );
    expect(wrong({ ...ENTRA, sandboxIdp: { password: 'short' } })).toMatch(/identity\.sandboxIdp\.password: .*at least 8/);
    expect(wrong('yes')).toMatch(/^identity: must be an object/);
  });

  it('accepts the sandbox on localhost over plain http', () => {
    const c = parseIdentityConfig(
      { issuer: 'http://localhost:4011', clientId: 'brevdue-web', audience: 'api://brevdue', sandboxIdp: { enabled: true, port: 4011 } },
      {},
    );
    expect(c.sandboxIdp).toMatchObject({ enabled: true, port: 4011 });
  });
});
