/** Who sees which received post on the live stream: the rule `visibleTo` applies to queries. */
import { describe, expect, it } from 'vitest';
import type { AuthInfo } from '../http/app-env.ts';
import { inboxScopeOf, seesChange } from './inbox-access.ts';

const auth = (roles: AuthInfo['roles'], teams: string[] = [], userId: string | null = null): AuthInfo => ({
  organisationId: 'org',
  roles,
  teams,
  userId,
  tokenId: userId ? null : 'tok',
  actor: userId ? `user:${userId}` : 'token:tok',
  name: 'x',
  via: 'token',
  sourceAddress: null,
});
const change = (status: string, team: string | null, user: string | null = null, organisationId = 'org') => ({
  organisationId,
  status,
  team,
  user,
});

describe('seesChange', () => {
  it('readers see the whole organisation, nothing of another', () => {
    for (const r of ['admin', 'archivist', 'auditor'] as const) {
      expect(seesChange(inboxScopeOf(auth([r])), change('assigned', 'Skat'))).toBe(true);
      expect(seesChange(inboxScopeOf(auth([r])), change('unassigned', null, null, 'other'))).toBe(false);
    }
  });

  it('a sender sees what is assigned to their team or to them, never the queue', () => {
    const s = inboxScopeOf(auth(['sender'], ['Skat'], 'u1'));
    expect(seesChange(s, change('assigned', 'Skat'))).toBe(true);
    expect(seesChange(s, change('assigned', null, 'u1'))).toBe(true);
    expect(seesChange(s, change('assigned', 'Børn'))).toBe(false);
    expect(seesChange(s, change('unassigned', null))).toBe(false);
  });

  it('a team lead sees the queue, and is told when post leaves it', () => {
    const s = inboxScopeOf(auth(['teamlead'], ['Borgerservice']));
    expect(seesChange(s, change('unassigned', null))).toBe(true);
    expect(seesChange(s, change('assigned', 'Skat'))).toBe(false);
    expect(seesChange(s, { ...change('assigned', 'Skat'), was: { status: 'unassigned', team: null, user: null } })).toBe(true);
  });
});
