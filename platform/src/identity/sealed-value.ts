/**
 * @module
 * Values sealed for a cookie: encrypted and authenticated (JWE, `dir` + A256GCM, with `jose`)
 * under a key derived from a server secret, with an expiry. The browser carries them but can
 * neither read nor change them, and any platform process with the secret can open them.
 */
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

/** A key for `sealValue`/`openValue`, derived per purpose so one secret can serve several cookies. */
export type SealKey = Uint8Array;

/**
 * Derives the sealing key for one purpose from a server secret (at least 32 characters).
 * @example
 * const key = deriveSealKey(process.env.BREVDUE_SESSION_SECRET!, 'web-sign-in');
 * @throws Error when the secret is shorter than 32 characters.
 */
export function deriveSealKey(secret: string | Uint8Array, purpose: string): SealKey {
  if (secret.length < 32) throw new Error('the cookie secret must have at least 32 characters (e.g. `openssl rand -base64 32`)');
  return new Uint8Array(hkdfSync('sha256', secret, 'brevdue-sealed-value', purpose, 32));
}

/** Seals `payload` so that `openValue` with the same key accepts it for `ttlSeconds`. */
export async function sealValue(key: SealKey, payload: JWTPayload, ttlSeconds: number): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key);
}

/** Opens a sealed value; `undefined` when it is missing, expired, changed or sealed with another key. */
export async function openValue(key: SealKey, sealed: string | undefined, now?: Date): Promise<JWTPayload | undefined> {
  if (!sealed) return undefined;
  try {
    const { payload } = await jwtDecrypt(sealed, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      ...(now ? { currentDate: now } : {}),
    });
    return payload;
  } catch {
    return undefined;
  }
}
