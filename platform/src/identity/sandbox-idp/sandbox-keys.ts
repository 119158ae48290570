/**
 * @module
 * The sandbox provider's signing key and cookie secrets, made at first start and kept in a file
 * under the data dir, so a restart neither invalidates the tokens staff hold nor their sign-in.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** What the key file holds. */
export interface SandboxKeys {
  /** Private signing keys (JWK), the first one signs. */
  keys: JWK[];
  /** Secrets that sign the provider's cookies. */
  cookieKeys: string[];
}

function isSandboxKeys(v: unknown): v is SandboxKeys {
  const k = v as Partial<SandboxKeys> | null;
  return !!k && Array.isArray(k.keys) && k.keys.length > 0 && Array.isArray(k.cookieKeys) && k.cookieKeys.length > 0;
}

/**
 * Reads the key file, or makes a fresh RS256 key (what Entra signs with) and cookie secret and
 * writes them there (mode 0600).
 * @throws Error naming the file when it exists but does not hold sandbox keys.
 */
export async function loadOrCreateSandboxKeys(file: string): Promise<SandboxKeys> {
  const existing = read(file);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, n: jwk.n, e: jwk.e });
  const made: SandboxKeys = { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }], cookieKeys: [randomBytes(32).toString('base64url')] };
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and hard-linked into place: the link appears whole or not at all, and fails
  // when another process starting at the same moment linked its keys first; then theirs win.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(made, null, 2), { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return made;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return read(file) ?? made;
  } finally {
    unlinkSync(tmp);
  }
}

function read(file: string): SandboxKeys | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not JSON; delete it to make new sandbox sign-in keys (everyone signs in again)`);
  }
  if (!isSandboxKeys(parsed)) throw new Error(`${file}: holds no sandbox keys; delete it to make new ones (everyone signs in again)`);
  return parsed;
}
