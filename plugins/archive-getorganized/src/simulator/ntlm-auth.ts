/**
 * @module
 * NTLM sign-in for the simulator, as IIS does it for GetOrganized: per connection, negotiate →
 * challenge → authenticate, after which the connection stays signed in. NTLMv2 only — Windows
 * servers set to refuse LM and NTLMv1 (the usual policy) answer a v1 response with 401 — and
 * the proof is checked against the configured account, so a wrong password or domain fails as
 * it would against the real server. The challenge is random for every negotiation.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { createNTHashedPasswordV1 } from '@node-ntlm/core';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'ascii');
const FLAGS = {
  unicode: 0x1,
  requestTarget: 0x4,
  ntlm: 0x200,
  targetTypeDomain: 0x10000,
  extendedSecurity: 0x80000,
  targetInfo: 0x800000,
};

interface ConnectionState {
  challenge?: Buffer;
  user?: string;
}

export interface NtlmAccount {
  username: string;
  password: string;
  domain: string;
}

/** Hono middleware: 401 with `WWW-Authenticate: NTLM` until the connection has signed in. */
export function ntlmAuth(account: NtlmAccount, deny: (c: Context) => Response): MiddlewareHandler {
  const connections = new WeakMap<Socket, ConnectionState>();
  const ntHash = createNTHashedPasswordV1(account.password);
  return async (c, next) => {
    const socket = (c.env as { incoming: IncomingMessage }).incoming.socket;
    const state = connections.get(socket) ?? {};
    connections.set(socket, state);
    if (state.user) return next();

    const header = c.req.header('authorization') ?? '';
    const msg = header.startsWith('NTLM ') ? Buffer.from(header.slice(5), 'base64') : undefined;
    const type = msg && msg.length >= 12 && msg.subarray(0, 8).equals(SIGNATURE) ? msg.readUInt32LE(8) : undefined;
    if (type === 1) {
      state.challenge = randomBytes(8);
      c.header('WWW-Authenticate', `NTLM ${challengeMessage(state.challenge, account.domain).toString('base64')}`);
      return deny(c);
    }
    if (type === 3 && state.challenge) {
      const user = verify(msg!, state.challenge, account, ntHash);
      state.challenge = undefined;
      if (user) {
        state.user = user;
        return next();
      }
    }
    c.header('WWW-Authenticate', 'NTLM');
    return deny(c);
  };
}

/** The type 2 message: flags, the challenge, the domain as target name and target info. */
function challengeMessage(challenge: Buffer, domain: string): Buffer {
  const targetName = Buffer.from(domain.toUpperCase(), 'utf16le');
  const avPair = (id: number, value: Buffer) => Buffer.concat([u16(id), u16(value.length), value]);
  const targetInfo = Buffer.concat([avPair(2, targetName), avPair(1, Buffer.from('GOSIM', 'utf16le')), avPair(0, Buffer.alloc(0))]);
  const header = Buffer.alloc(48);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  secBuf(header, 12, targetName.length, 48);
  header.writeUInt32LE(
    Object.values(FLAGS).reduce((a, b) => a | b, 0),
    20,
  );
  challenge.copy(header, 24);
  secBuf(header, 40, targetInfo.length, 48 + targetName.length);
  return Buffer.concat([header, targetName, targetInfo]);
}

/** Checks a type 3 message's NTLMv2 proof; answers the user name, or undefined. */
function verify(msg: Buffer, challenge: Buffer, account: NtlmAccount, ntHash: Buffer): string | undefined {
  if (msg.length < 64) return undefined;
  const field = (at: number) => {
    const len = msg.readUInt16LE(at);
    const offset = msg.readUInt32LE(at + 4);
    return offset + len <= msg.length ? msg.subarray(offset, offset + len) : undefined;
  };
  const unicode = msg.length >= 64 && (msg.readUInt32LE(60) & FLAGS.unicode) !== 0;
  const text = (b: Buffer | undefined) => (b ? b.toString(unicode ? 'utf16le' : 'latin1') : '');
  const nt = field(20);
  const domain = text(field(28));
  const user = text(field(36));
  // 24 bytes is an NTLMv1 answer: refused, as the server's policy would.
  if (!nt || nt.length <= 24) return undefined;
  if (user.toUpperCase() !== account.username.toUpperCase() || domain.toUpperCase() !== account.domain.toUpperCase()) return undefined;
  const key = hmacMd5(ntHash, Buffer.from(user.toUpperCase() + domain, 'utf16le'));
  const proof = hmacMd5(key, Buffer.concat([challenge, nt.subarray(16)]));
  return timingSafeEqual(proof, nt.subarray(0, 16)) ? user : undefined;
}

const hmacMd5 = (key: Buffer, data: Buffer) => createHmac('md5', key).update(data).digest();
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
function secBuf(buf: Buffer, at: number, len: number, offset: number): void {
  buf.writeUInt16LE(len, at);
  buf.writeUInt16LE(len, at + 2);
  buf.writeUInt32LE(offset, at + 4);
}
