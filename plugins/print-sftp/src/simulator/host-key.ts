/**
 * @module
 * The simulator's ed25519 host key: kept in the data folder, or — with the `hostKeySeed`
 * setting — derived from a seed, so a ready config can pin its fingerprint before the simulator
 * first runs (examples/print-sftp.config.json). A seeded key is for trials only: anyone with the
 * seed has the key.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import ssh2 from 'ssh2';

const str = (b: Buffer | string) => {
  const body = Buffer.isBuffer(b) ? b : Buffer.from(b);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** An OpenSSH ("openssh-key-v1", unencrypted) ed25519 private key from a 32-byte seed. */
function opensshEd25519(seed: Buffer): string {
  const priv = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const pub = createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32);
  const pubBlob = Buffer.concat([str('ssh-ed25519'), str(pub)]);
  const check = u32(seed.readUInt32BE(0));
  let secret = Buffer.concat([check, check, str('ssh-ed25519'), str(pub), str(Buffer.concat([seed, pub])), str('brevdue-print-sim')]);
  const pad = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), str('none'), str('none'), str(''), u32(1), str(pubBlob), str(secret)]);
  const b64 = body.toString('base64').replace(/.{70}/g, '$&\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/**
 * The host key (OpenSSH private key text): derived from `seed` when given, else read from
 * `file`, made there on first use.
 * @example hostKey('/data/simulators/print-sftp/ssh_host_ed25519_key')
 */
export function hostKey(file: string, seed?: string): string {
  if (seed !== undefined) return opensshEd25519(createHash('sha256').update(seed).digest());
  if (!existsSync(file)) writeFileSync(file, ssh2.utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
  return readFileSync(file, 'utf8');
}
