/**
 * @module
 * The Ed25519 key that signs the audit chain's checkpoints. It lives in the config or the
 * environment, never in the database: someone who can rewrite the log and its hashes cannot
 * sign the new head. Only `node:crypto`.
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AuditConfig } from './audit-config.ts';
import { AuditError } from './audit-error.ts';
import { auditMessages } from './messages.ts';

/** A loaded signing key: the private half signs, the public half verifies, `keyId` names it in checkpoints. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** Public keys that verify checkpoints, by key id. */
export type AuditVerifyKeys = ReadonlyMap<string, KeyObject>;

/** The environment variable that wins over `audit.signingKey`. */
export const AUDIT_KEY_ENV = 'BREVDUE_AUDIT_SIGNING_KEY';

/** A short, stable id of a public key: the first 16 hex digits of the SHA-256 of its SPKI DER. */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Text or bytes of a key given as PEM, base64 DER or a file path holding either. */
function keyMaterial(value: string): { pem: string } | { der: Buffer } {
  const v = value.trim();
  if (v.startsWith('-----BEGIN')) return { pem: v };
  // A path: absolute, relative or a file name with an extension; base64 DER has none of / . \ with text around.
  if (existsSync(v)) {
    const bytes = readFileSync(v);
    const text = bytes.toString('utf8').trim();
    return text.startsWith('-----BEGIN') ? { pem: text } : { der: /^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text, 'base64') : bytes };
  }
  if (/^[A-Za-z0-9+/=\s]+$/.test(v)) return { der: Buffer.from(v.replace(/\s/g, ''), 'base64') };
  throw new Error(`no file ${v}, and not PEM or base64`);
}

/**
 * Loads the signing key from `BREVDUE_AUDIT_SIGNING_KEY` or `audit.signingKey`; `null` when
 * neither is set (then no checkpoints are written and verify warns).
 * @example const key = loadAuditSigningKey(config.audit); // at start-up: a bad key stops it
 * @throws AuditError naming `BREVDUE_AUDIT_SIGNING_KEY` or `audit.signingKey` when the key cannot be read or is not Ed25519.
 */
export function loadAuditSigningKey(config: Pick<AuditConfig, 'signingKey'>, env: NodeJS.ProcessEnv = process.env): AuditSigningKey | null {
  const fromEnv = env[AUDIT_KEY_ENV];
  const value = fromEnv || config.signingKey;
  if (!value) return null;
  const field = fromEnv ? AUDIT_KEY_ENV : 'audit.signingKey';
  const M = auditMessages();
  let privateKey: KeyObject;
  try {
    const m = keyMaterial(value);
    privateKey = 'pem' in m ? createPrivateKey(m.pem) : createPrivateKey({ key: m.der, format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw new AuditError(field, M.keyUnreadable((e as Error).message));
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AuditError(field, M.keyNotEd25519(String(privateKey.asymmetricKeyType)));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: auditKeyId(publicKey) };
}

/**
 * Reads one Ed25519 public key (SPKI PEM, base64 DER or a file path); a private key is accepted too.
 * @throws AuditError naming `field` when it cannot be read or is not Ed25519.
 */
export function loadAuditPublicKey(value: string, field: string): KeyObject {
  const M = auditMessages();
  let key: KeyObject;
  try {
    const m = keyMaterial(value);
    if ('pem' in m) key = createPublicKey(m.pem);
    else {
      try {
        key = createPublicKey({ key: m.der, format: 'der', type: 'spki' });
      } catch {
        key = createPublicKey(createPrivateKey({ key: m.der, format: 'der', type: 'pkcs8' }));
      }
    }
  } catch (e) {
    throw new AuditError(field, M.publicKeyUnreadable((e as Error).message));
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditError(field, M.keyNotEd25519(String(key.asymmetricKeyType)));
  return key;
}

/**
 * The public keys verify accepts: the signing key's and the retired ones in `audit.verifyKeys`.
 * @example const keys = auditVerifyKeys(config.audit); await verifyAuditChain(db, { keys });
 * @throws AuditError naming the field of a key that cannot be read.
 */
export function auditVerifyKeys(
  config: Pick<AuditConfig, 'signingKey' | 'verifyKeys'>,
  env: NodeJS.ProcessEnv = process.env,
): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const signing = loadAuditSigningKey(config, env);
  if (signing) keys.set(signing.keyId, signing.publicKey);
  config.verifyKeys.forEach((v, i) => {
    const k = loadAuditPublicKey(v, `audit.verifyKeys.${i}`);
    keys.set(auditKeyId(k), k);
  });
  return keys;
}
