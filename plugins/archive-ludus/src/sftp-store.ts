/**
 * @module
 * The SFTP drop store (ssh2-sftp-client): one connection per export, the server's host key
 * pinned by its SHA-256 fingerprint, files uploaded into the staging folder and the record folder
 * renamed into place (SFTP rename of a folder is atomic on POSIX servers). SFTP's `put` has no
 * fsync, so durability is the server's: the rename is still all-or-nothing for the import.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { ArchiveError } from '@brevdue/shared/sdk';
import type { DropSession, DropStore } from './drop-store.ts';
import { messages } from './messages.ts';

export interface SftpOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKeyFile?: string;
  /** OpenSSH-style fingerprint of the server's host key: `SHA256:<base64>`. */
  hostKeySha256: string;
  remoteDir: string;
  timeoutMs: number;
}

/** The OpenSSH fingerprint (`SHA256:...`) of a raw host key. */
export const hostKeyFingerprint = (key: Buffer) => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_NOT_CONNECTED',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** A drop store on an SFTP server. */
export function sftpStore(o: SftpOptions): DropStore {
  const p = (rel: string) => posix.join(o.remoteDir, rel);
  return {
    describe: `sftp://${o.host}:${o.port}${o.remoteDir}`,
    async session(): Promise<DropSession> {
      // The library's default listeners print to the console; failures reach us as rejections anyway.
      const c = new SftpClient('brevdue-ludus', { error: () => {}, end: () => {}, close: () => {} });
      await c.connect({
        host: o.host,
        port: o.port,
        username: o.username,
        password: o.password,
        privateKey: o.privateKeyFile ? await readFile(o.privateKeyFile) : undefined,
        readyTimeout: o.timeoutMs,
        hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === o.hostKeySha256,
      });
      return {
        exists: async (rel) => (await c.exists(p(rel))) !== false,
        mkdirp: async (rel) => {
          if ((await c.exists(p(rel))) !== false) return;
          // Another export (this process or another) may make the folder or a parent meanwhile:
          // SFTP answers a plain failure, which the client reports as a bad path. Only a folder
          // still missing after a second try is an error.
          const made = async () => (await c.exists(p(rel))) === 'd';
          await c.mkdir(p(rel), true).catch(async () => {
            if (!(await made()))
              await c.mkdir(p(rel), true).catch(async (e: unknown) => {
                if (!(await made())) throw e;
              });
          });
        },
        // The staging folder is fresh (random name), so a plain write cannot overwrite anything.
        writeFile: async (rel, data) => void (await c.put(Buffer.isBuffer(data) ? data : Buffer.from(data), p(rel))),
        syncDir: async () => {},
        rename: async (from, to) => void (await c.rename(p(from), p(to))),
        list: async (rel) =>
          (await c.exists(p(rel))) === 'd' ? (await c.list(p(rel))).map((f) => ({ name: f.name, mtimeMs: f.modifyTime })) : [],
        rmrf: async (rel) => {
          if ((await c.exists(p(rel))) !== false) await c.rmdir(p(rel), true);
        },
        end: async () => void (await c.end().catch(() => undefined)),
      };
    },
    classify(err) {
      if (err instanceof ArchiveError) return err;
      const e = err as { code?: string | number; message?: string };
      const msg = e.message ?? String(err);
      if (/authentication methods failed|authentication failed/i.test(msg))
        return new ArchiveError('permanent', 'SFTP_AUTH', messages.sftpAuth, { cause: err });
      if (/host key|hostverifier|host denied/i.test(msg))
        return new ArchiveError('permanent', 'SFTP_HOST_KEY', messages.sftpHostKey, { cause: err });
      if (e.code === 3 || /permission denied/i.test(msg))
        return new ArchiveError('permanent', 'SFTP_DENIED', messages.sftpDenied(msg.slice(0, 120)), { cause: err });
      const code = typeof e.code === 'string' ? e.code : String(e.code ?? 'UNKNOWN');
      if (TRANSIENT_CODES.has(code) || /timed out|ECONNRESET|ECONNREFUSED|not connected|No SFTP connection/i.test(msg)) {
        return new ArchiveError('transient', `SFTP_${code}`, messages.sftpTransient(code), { cause: err });
      }
      // Other SFTP failures (a generic FAILURE status, a dropped channel) are retried.
      return new ArchiveError('transient', `SFTP_${code}`, messages.sftpTransient(msg.slice(0, 120)), { cause: err });
    },
  };
}
