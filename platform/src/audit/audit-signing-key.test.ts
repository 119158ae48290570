import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_KEY_ENV, auditVerifyKeys, loadAuditSigningKey } from './audit-signing-key.ts';
import { auditConfigSchema } from './audit-config.ts';

const ed = generateKeyPairSync('ed25519');
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const der64 = ed.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('loadAuditSigningKey', () => {
  it('reads PEM, base64 PKCS8 and a file, and derives the same public key and id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-key-'));
    writeFileSync(join(dir, 'k.pem'), pem);
    writeFileSync(join(dir, 'k.der'), ed.privateKey.export({ type: 'pkcs8', format: 'der' }));
    const ids = [pem, der64, join(dir, 'k.pem'), join(dir, 'k.der')].map((k) => loadAuditSigningKey({ signingKey: k }, {})!.keyId);
    expect(new Set(ids).size).toBe(1);
    const key = loadAuditSigningKey({ signingKey: pem }, {})!;
    expect(verify(null, Buffer.from('x'), key.publicKey, sign(null, Buffer.from('x'), ed.privateKey))).toBe(true);
  });

  it('is null without a key, and the environment wins over the config', () => {
    expect(loadAuditSigningKey({}, {})).toBeNull();
    const other = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(loadAuditSigningKey({ signingKey: pem }, { [AUDIT_KEY_ENV]: other })!.keyId).not.toBe(
      loadAuditSigningKey({ signingKey: pem }, {})!.keyId,
    );
  });

  it('refuses a key that is not Ed25519 or cannot be read, naming the field and the fix', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadAuditSigningKey({ signingKey: rsa }, {})).toThrow(
      /^audit\.signingKey: er en rsa-nøgle; .*openssl genpkey -algorithm ed25519/,
    );
    expect(() => loadAuditSigningKey({}, { [AUDIT_KEY_ENV]: '/no/such/file.pem' })).toThrow(/^BREVDUE_AUDIT_SIGNING_KEY: kan ikke læses/);
    expect(() => auditVerifyKeys({ verifyKeys: ['bm90IGEga2V5'] }, {})).toThrow(/^audit\.verifyKeys\.0: /);
  });
});

describe('auditConfigSchema', () => {
  it('has defaults, and names a bad field', () => {
    expect(auditConfigSchema.parse(undefined)).toEqual({ verifyKeys: [], checkpointEvery: 1000, checkpointMinutes: 15 });
    const r = auditConfigSchema.safeParse({ checkpointMinutes: 0.5, signingKey: '' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['checkpointMinutes', 'signingKey']);
    expect(auditConfigSchema.safeParse({ signingkey: pem }).error!.issues[0]!.message).toMatch(/signingkey/);
  });
});
