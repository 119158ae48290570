import { describe, expect, it } from 'vitest';
import { mapClaims } from './map-claims.ts';
import { parseIdentityConfig } from './oidc-config.ts';

const mapping = parseIdentityConfig(
  {
    issuer: 'https://login.microsoftonline.com/t/v2.0',
    clientId: 'c',
    audience: 'c',
    claimMapping: {
      groups: {
        'grp-borgerservice': { teams: ['borgerservice'] },
        'grp-leads': { roles: ['teamlead'], teams: ['borgerservice'] },
        'grp-archive': { roles: ['archivist'] },
      },
    },
  },
  {},
).claimMapping;

// Claims as Entra ID puts them in a v2 access token.
const entra = {
  aud: 'c',
  iss: 'https://login.microsoftonline.com/t/v2.0',
  sub: 'pairwise-sub-per-app',
  oid: '00000000-0000-4000-8000-000000000042',
  tid: 't',
  preferred_username: 'Mette.Hansen@Kommune.DK',
  name: 'Mette Hansen',
  roles: ['Brevdue.Sender', 'Something.Else'],
  groups: ['grp-borgerservice', 'grp-unknown'],
  scp: 'access_as_user',
};

describe('mapClaims', () => {
  it('maps app roles and groups to Brevdue roles and teams; oid is the subject, the UPN lower-case', () => {
    expect(mapClaims(entra, mapping)).toEqual({
      upn: 'mette.hansen@kommune.dk',
      name: 'Mette Hansen',
      roles: ['sender'],
      teams: ['borgerservice'],
      tenant: 't',
      subject: '00000000-0000-4000-8000-000000000042',
      groupsOverage: false,
    });
  });

  it('merges roles from groups, in a fixed order, without duplicates', () => {
    const who = mapClaims(
      { ...entra, roles: ['Brevdue.Admin', 'Brevdue.Sender'], groups: ['grp-leads', 'grp-archive', 'grp-borgerservice'] },
      mapping,
    );
    expect(who.roles).toEqual(['sender', 'teamlead', 'archivist', 'admin']);
    expect(who.teams).toEqual(['borgerservice']);
  });

  it('gives no role to someone without a mapped role or group, and ignores prototype names', () => {
    expect(mapClaims({ ...entra, roles: ['constructor', '__proto__'], groups: ['toString'] }, mapping).roles).toEqual([]);
  });

  it('falls back to sub, upn/email and the UPN as name; a single string claim counts as one value', () => {
    const who = mapClaims({ sub: 's1', email: 'a@b.dk', roles: 'Brevdue.Auditor' }, mapping);
    expect(who).toMatchObject({ subject: 's1', upn: 'a@b.dk', name: 'a@b.dk', roles: ['auditor'], tenant: undefined });
  });

  it('flags Entra group overage (groups left out of the token)', () => {
    const { groups: _groups, ...rest } = entra;
    const overage = { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/…' } } };
    const who = mapClaims({ ...rest, ...overage }, mapping);
    expect(who).toMatchObject({ groupsOverage: true, teams: [] });
  });

  it('refuses claims without a subject or a user name', () => {
    expect(() => mapClaims({ preferred_username: 'x@y.dk' }, mapping)).toThrow(expect.objectContaining({ code: 'claim_missing' }));
    expect(() => mapClaims({ oid: 'o' }, mapping)).toThrow(expect.objectContaining({ code: 'claim_missing' }));
  });
});
