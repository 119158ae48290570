import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxStore } from './sandbox-store.ts';

describe('SandboxStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-idp-store-'));
  afterEach(() => rmSync(join(dir, 'state.json'), { force: true }));

  it('keeps live entries across save and load, drops expired ones, and finds sessions by uid', async () => {
    const store = new SandboxStore();
    const sessions = store.adapter()('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 3600);
    await sessions.upsert('s2', { uid: 'u2', accountId: 'b' }, 1);
    await store.adapter()('Grant').upsert('g1', { accountId: 'a' }, 3600);
    await new Promise((r) => setTimeout(r, 1100));
    store.save(join(dir, 'state.json'));
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);

    const loaded = SandboxStore.load(join(dir, 'state.json'));
    const again = loaded.adapter()('Session');
    expect(await again.findByUid('u1')).toMatchObject({ accountId: 'a' });
    expect(await again.find('s2')).toBeUndefined();
    // Models are kept apart: a grant id is not a session id.
    expect(await again.find('g1')).toBeUndefined();
    expect(await loaded.adapter()('Grant').find('g1')).toMatchObject({ accountId: 'a' });
  });

  it('marks consumed codes and revokes everything of a grant', async () => {
    const store = new SandboxStore();
    const codes = store.adapter()('AuthorizationCode');
    const tokens = store.adapter()('RefreshToken');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await tokens.upsert('r1', { grantId: 'g1' }, 60);
    await tokens.upsert('r2', { grantId: 'g2' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
    await codes.revokeByGrantId('g1');
    expect(await codes.find('c1')).toBeUndefined();
    expect(await tokens.find('r1')).toBeUndefined();
    expect(await tokens.find('r2')).toBeDefined();
  });

  it('starts empty from a missing or broken file', () => {
    expect(() => SandboxStore.load(join(dir, 'missing.json'))).not.toThrow();
  });
});
