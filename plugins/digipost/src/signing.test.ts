import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginConfigError } from '@brevdue/shared/sdk';
import { describe, expect, it } from 'vitest';
import { makeTestContext } from '@brevdue/shared/testing';
import { generateTestCertificate, readPkcs12 } from './certificate.ts';
import plugin from './index.ts';
import { loadCertificate } from './load-certificate.ts';
import { canonicalRequestString, signedHeaders, verifyString } from './signing.ts';

describe('Digipost request signing', () => {
  it('builds the canonical string exactly as the documentation example', () => {
    expect(
      canonicalRequestString({
        method: 'post',
        path: '/messages',
        query: '',
        date: 'Wed, 29 Jun 2011 14:58:11 GMT',
        userId: '5',
        contentSha256: 'q1MKE+RZFJgrefm34/uplM/R8/si9xzqGvvwK0YMbR0=',
      }),
    ).toBe(
      'POST\n/messages\ndate: Wed, 29 Jun 2011 14:58:11 GMT\nx-content-sha256: q1MKE+RZFJgrefm34/uplM/R8/si9xzqGvvwK0YMbR0=\nx-digipost-userid: 5\n\n',
    );
    expect(
      canonicalRequestString({
        method: 'GET',
        path: '/',
        query: 'parameter1=58&parameter2=test',
        date: 'Wed, 29 Jun 2011 14:58:11 GMT',
        userId: '9999',
      }),
    ).toBe('GET\n/\ndate: Wed, 29 Jun 2011 14:58:11 GMT\nx-digipost-userid: 9999\nparameter1=58&parameter2=test\n');
  });

  it('signs with the PKCS#12 key so that the certificate verifies it, and only that certificate', () => {
    const a = generateTestCertificate({ commonName: 'a', passphrase: 'pw' });
    const b = generateTestCertificate({ commonName: 'b', passphrase: '' });
    const key = readPkcs12(a.pkcs12, 'pw').privateKey;
    const url = new URL('https://api.digipost.no/messages');
    const body = Buffer.from('<message/>');
    const h = signedHeaders({ method: 'POST', url, body, userId: '1000', key, now: new Date('2026-11-24T10:00:00Z') });
    expect(Object.keys(h).sort()).toEqual(['Date', 'X-Content-SHA256', 'X-Digipost-Signature', 'X-Digipost-UserId']);
    const canonical = canonicalRequestString({
      method: 'POST',
      path: '/messages',
      query: '',
      date: h.Date!,
      userId: '1000',
      contentSha256: h['X-Content-SHA256'],
    });
    expect(verifyString(canonical, h['X-Digipost-Signature']!, createPublicKey(a.certificatePem))).toBe(true);
    expect(verifyString(canonical, h['X-Digipost-Signature']!, createPublicKey(b.certificatePem))).toBe(false);
  });
});

describe('loading the enterprise certificate refuses start-up naming the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brevdue-cert-'));
  const c = generateTestCertificate({ commonName: 'x', passphrase: 'riktig' });
  const p12 = join(dir, 'ok.p12');
  writeFileSync(p12, c.pkcs12);
  const fieldOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(PluginConfigError);
      return { field: (e as PluginConfigError).field, message: (e as Error).message };
    }
    return { field: 'none', message: '' };
  };

  it('create() refuses an unreadable certificate with a PluginConfigError naming certificatePath', async () => {
    const config = plugin.configSchema.parse({ brokerId: '1000', certificatePath: join(dir, 'missing.p12') });
    await expect(async () => plugin.create(config, makeTestContext({ name: 'digipost' }))).rejects.toMatchObject({
      name: 'PluginConfigError',
      field: 'certificatePath',
    });
  });
  it('opens a good file with the passphrase from the named environment variable', () => {
    expect(loadCertificate('digipost', { certificatePath: p12, certificatePassphraseEnv: 'P' }, { P: 'riktig' }).subject).toMatch(/CN=x/);
  });
  it('missing file → certificatePath', () => {
    const r = fieldOf(() => loadCertificate('digipost', { certificatePath: join(dir, 'nope.p12') }, {}));
    expect(r.field).toBe('certificatePath');
    expect(r.message).toMatch(/ENOENT/);
  });
  it('unset environment variable → certificatePassphraseEnv', () => {
    expect(fieldOf(() => loadCertificate('digipost', { certificatePath: p12, certificatePassphraseEnv: 'NOT_SET' }, {})).field).toBe(
      'certificatePassphraseEnv',
    );
  });
  it('wrong passphrase or not PKCS#12 → certificatePath', () => {
    expect(fieldOf(() => loadCertificate('digipost', { certificatePath: p12, certificatePassphraseEnv: 'P' }, { P: 'feil' })).field).toBe(
      'certificatePath',
    );
    const junk = join(dir, 'junk.p12');
    writeFileSync(junk, 'not a certificate');
    expect(fieldOf(() => loadCertificate('digipost', { certificatePath: junk }, {})).message).toMatch(/junk\.p12/);
  });
});
