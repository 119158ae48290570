/**
 * @module
 * One SFTP connection to the vendor (ssh2-sftp-client): the host key pinned by its SHA-256
 * fingerprint, key or password login, and the library's failures turned into `ProviderError`s
 * that say whether a retry can help.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import { ProviderError } from '@brevdue/shared/sdk';
import type { PrintSftpConfig } from './config.ts';
import type { Messages } from './messages.ts';

/**
 * The OpenSSH fingerprint (`SHA256:<base64>`, as `ssh-keygen -lf` prints it) of a raw host key.
 * @example hostKeyFingerprint(key) === config.sftp.hostKeySha256
 */
export const hostKeyFingerprint = (key: Buffer): string => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

/** An open connection: the client for listing and renaming, and a write that reports every failure. */
export interface VendorConnection {
  readonly client: SftpClient;
  /**
   * Writes a whole file. ssh2's write stream (behind the client's `put`) can close without an
   * error when the server refuses a write (a full disk), so files go through ssh2's `writeFile`,
   * which reports it.
   */
  writeFile(path: string, body: Buffer): Promise<void>;
  end(): Promise<void>;
}

/**
 * Opens a connection; the caller must `end()` it.
 * @throws ProviderError (see {@link classifySftpError}).
 */
export async function connectSftp(sftp: PrintSftpConfig['sftp'], t: Messages): Promise<VendorConnection> {
  // The library's default listeners print to the console; failures reach us as rejections anyway.
  const c = new SftpClient('brevdue-print-sftp', { error: () => {}, end: () => {}, close: () => {} });
  let wrapper: SFTPWrapper;
  try {
    wrapper = await c.connect({
      host: sftp.host,
      port: sftp.port,
      username: sftp.username,
      password: sftp.password,
      privateKey: sftp.privateKeyFile ? await readFile(sftp.privateKeyFile) : undefined,
      passphrase: sftp.passphrase,
      readyTimeout: sftp.timeoutMs,
      hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === sftp.hostKeySha256,
    });
  } catch (e) {
    await c.end().catch(() => undefined);
    throw classifySftpError(e, t);
  }
  return {
    client: c,
    writeFile: (path, body) =>
      new Promise<void>((res, rej) => {
        // A connection cut mid-write leaves the write unanswered: its close (or the timeout) ends it.
        const closed = () => done(Object.assign(new Error('connection closed during upload'), { code: 'ECONNRESET' }));
        const timer = setTimeout(
          () => done(Object.assign(new Error(`no answer within ${sftp.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
          sftp.timeoutMs,
        );
        const done = (err?: Error | null) => {
          clearTimeout(timer);
          wrapper.removeListener('close', closed);
          if (err) rej(err);
          else res();
        };
        wrapper.once('close', closed);
        wrapper.writeFile(path, body, done);
      }),
    end: async () => void (await c.end().catch(() => undefined)),
  };
}

const TRANSIENT =
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN|timed out|not connected|No SFTP connection|closed/i;

/**
 * What an SFTP failure means: login or host key refused and permission denied are permanent
 * (a person must fix the config); anything else — a dropped connection, a full disk on the
 * vendor's side, a generic failure — is retried.
 * @example catch (e) { throw classifySftpError(e, t); }
 */
export function classifySftpError(err: unknown, t: Messages): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as { code?: string | number; message?: string };
  const msg = e.message ?? String(err);
  if (/authentication methods failed|authentication failed|All configured authentication/i.test(msg))
    return new ProviderError('permanent', 'SFTP_AUTH', t.sftpAuth, { cause: err });
  if (/host key|hostverifier|host denied/i.test(msg)) return new ProviderError('permanent', 'SFTP_HOST_KEY', t.sftpHostKey, { cause: err });
  if (e.code === 3 || /permission denied/i.test(msg))
    return new ProviderError('permanent', 'SFTP_DENIED', t.sftpDenied(msg.slice(0, 120)), { cause: err });
  const code = typeof e.code === 'string' ? e.code : TRANSIENT.test(msg) ? 'CONNECTION' : 'FAILURE';
  return new ProviderError('transient', `SFTP_${code}`, t.sftpTransient(msg.slice(0, 120)), { cause: err });
}
