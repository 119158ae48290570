import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printSftpConfigSchema } from './config.ts';
import { isBatchDue } from './batch-due.ts';
import { vendorProfileSchema } from './vendor-profile.ts';

const ROOT = join(import.meta.dirname, '../../..');
const sftp = {
  host: 'sftp.vendor.dk',
  username: 'kommune',
  privateKeyFile: '/etc/brevdue/key',
  hostKeySha256: `SHA256:${'a'.repeat(43)}`,
  dropDir: '/in',
  returnDir: '/out',
};
const profilePath = join(ROOT, 'examples/print-profiles/postbud-csv.json');
const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Record<string, unknown>;
const issues = (input: unknown) => {
  const r = printSftpConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('print-sftp config', () => {
  it('accepts the shipped example config and both example profiles', () => {
    const example = JSON.parse(readFileSync(join(ROOT, 'examples/print-sftp.config.json'), 'utf8')) as {
      plugins: Array<{ package: string; config: { profile: string } }>;
    };
    const entry = example.plugins.find((p) => p.package === '@brevdue/plugin-print-sftp')!;
    expect(issues({ ...entry.config, profile: join(ROOT, entry.config.profile) })).toEqual([]);
    for (const f of ['postbud-csv.json', 'nordprint-xml.json'])
      expect(issues({ sftp, profile: join(ROOT, 'examples/print-profiles', f) })).toEqual([]);
  });

  it('names the field and the fix for a bad config', () => {
    expect(issues({ sftp: { ...sftp, hostKeySha256: 'ab:cd' }, profile: profilePath })).toEqual([
      expect.stringMatching(/^sftp\.hostKeySha256: .*SHA256:<43 base64 characters> \(ssh-keygen -lf\)/),
    ]);
    expect(issues({ sftp: { ...sftp, privateKeyFile: undefined }, profile: profilePath })).toEqual([
      'sftp.privateKeyFile: set sftp.privateKeyFile (an OpenSSH key) or sftp.password',
    ]);
    expect(issues({ sftp: { ...sftp, dropDir: 'in' }, profile: profilePath })[0]).toMatch(/^sftp\.dropDir: .*absolute path/);
    expect(issues({ sftp, profile: '/nowhere/profile.json' })[0]).toMatch(
      /^profile: the vendor profile file \/nowhere\/profile.json cannot be read/,
    );
  });

  it('names the profile field that is wrong', () => {
    const index = profile.index as { fields: Array<{ field: string }> };
    const noId = { ...profile, index: { ...index, fields: index.fields.filter((f) => f.field !== 'messageId') } };
    expect(issues({ sftp, profile: noId })).toEqual([
      expect.stringMatching(/^profile\.index\.fields: index\.fields must include \{ "field": "messageId" \}/),
    ]);
    expect(issues({ sftp, profile: { ...profile, letterFile: 'letter.pdf' } })).toEqual([
      'profile.letterFile: letterFile must contain {messageId}',
    ]);
    expect(issues({ sftp, profile: { ...profile, batch: { dropTimes: ['25:00'] } } })).toEqual([
      'profile.batch.dropTimes.0: drop times are HH:MM, e.g. "13:30"',
    ]);
  });
});

describe('isBatchDue', () => {
  const p = vendorProfileSchema.parse({
    ...profile,
    batch: { maxLetters: 3, maxWaitMinutes: 60, dropTimes: ['13:30'], timeZone: 'Europe/Copenhagen' },
  });
  const at = (iso: string) => new Date(iso);
  it('is due when full, when the oldest letter has waited long enough, or when a drop time has passed', () => {
    expect(isBatchDue(p, { pending: 0, now: at('2026-11-24T13:00:00Z') })).toBe(false);
    expect(isBatchDue(p, { pending: 3, oldest: at('2026-11-24T09:00:00Z'), now: at('2026-11-24T09:00:01Z') })).toBe(true);
    expect(isBatchDue(p, { pending: 1, oldest: at('2026-11-24T09:00:00Z'), now: at('2026-11-24T09:59:00Z') })).toBe(false);
    expect(isBatchDue(p, { pending: 1, oldest: at('2026-11-24T09:00:00Z'), now: at('2026-11-24T10:00:00Z') })).toBe(true);
    // 13:30 Copenhagen is 12:30 UTC in November.
    const early = { pending: 1, oldest: at('2026-11-24T12:20:00Z'), lastDropAt: at('2026-11-24T12:00:00Z') };
    expect(isBatchDue(p, { ...early, now: at('2026-11-24T12:29:00Z') })).toBe(false);
    expect(isBatchDue(p, { ...early, now: at('2026-11-24T12:30:00Z') })).toBe(true);
    expect(
      isBatchDue(p, {
        ...early,
        lastDropAt: at('2026-11-24T12:31:00Z'),
        oldest: at('2026-11-24T12:31:00Z'),
        now: at('2026-11-24T12:40:00Z'),
      }),
    ).toBe(false);
  });
});
