/**
 * @module
 * The vendor's SFTP server (ssh2's `Server`) over a local folder: a persistent ed25519 host key,
 * password or public-key login, the SFTP v3 requests an upload and a listing use, and the faults a
 * real server shows — a connection dropped mid-upload, a full disk, a rename whose answer is lost.
 * A completed rename is reported to `onRename` before it is answered, so the vendor sees a batch
 * the moment it is visible. Paths cannot leave the root.
 */
import { existsSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { hostKey as loadHostKey } from './host-key.ts';

const { Server, utils } = ssh2;
const { STATUS_CODE, OPEN_MODE } = utils.sftp;

/** Faults the server injects; changed at run time through the simulator's control API. */
export interface SftpFaults {
  /** After this many more file writes, the connection is cut without an answer (once). */
  dropConnectionAfterWrites?: number;
  /** Every write fails as on a full disk. */
  diskFull?: boolean;
  /** The next rename is done, then the connection is cut before the answer (once). */
  loseRenameAnswer?: boolean;
}

export interface VendorSftpOptions {
  root: string;
  host: string;
  port: number;
  username: string;
  password?: string;
  /** OpenSSH public keys (`ssh-ed25519 AAAA…`) allowed to log in. */
  authorizedKeys: string[];
  hostKeyFile: string;
  /** Derive the host key from this seed instead (a fingerprint known in advance). */
  hostKeySeed?: string;
  faults: SftpFaults;
  /** Called after a rename is done and before it is answered. */
  onRename(from: string, to: string): Promise<void>;
}

export interface RunningVendorSftp {
  port: number;
  /** The host key's public blob (its SHA-256 is the fingerprint clients pin). */
  hostKey: Buffer;
  close(): Promise<void>;
}

function parse(key: string): ParsedKey {
  const k = utils.parseKey(key);
  if (k instanceof Error) throw k;
  return Array.isArray(k) ? k[0]! : k;
}

const attrs = (s: Stats) => ({
  mode: s.mode,
  uid: s.uid,
  gid: s.gid,
  size: s.size,
  atime: Math.floor(s.atimeMs / 1000),
  mtime: Math.floor(s.mtimeMs / 1000),
});

/**
 * Starts the server.
 * @throws the listen error (port in use), or a bad host key / authorized key.
 */
export async function startVendorSftp(o: VendorSftpOptions): Promise<RunningVendorSftp> {
  const hostKey = loadHostKey(o.hostKeyFile, o.hostKeySeed);
  const allowed = o.authorizedKeys.map(parse);
  const local = (p: string) => join(o.root, posix.normalize(`/${p}`)); // normalize of an absolute path cannot climb above "/"
  const clients = new Set<ssh2.Connection>();

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.username !== o.username) return ctx.reject();
      if (ctx.method === 'password' && o.password !== undefined && ctx.password === o.password) return ctx.accept();
      if (ctx.method === 'publickey') {
        const key = allowed.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
        // Without a signature the client only asks whether the key would do.
        if (key && (!ctx.signature || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
      }
      ctx.reject(o.password !== undefined ? ['publickey', 'password'] : ['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fh?: FileHandle; entries?: string[]; path: string }>();
          let next = 1;
          const handle = (h: { fh?: FileHandle; entries?: string[]; path: string }) => {
            handles.set(next, h);
            const b = Buffer.alloc(4);
            b.writeUInt32BE(next++);
            return b;
          };
          const of = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
          // A client cut off mid-upload never sends CLOSE: its open files are closed here.
          sftp.on('close', () => {
            for (const h of handles.values()) void h.fh?.close().catch(() => {});
            handles.clear();
          });
          const fail = (id: number, e: unknown) => {
            const code = (e as NodeJS.ErrnoException).code;
            const status =
              code === 'ENOENT'
                ? STATUS_CODE.NO_SUCH_FILE
                : code === 'EACCES' || code === 'EPERM'
                  ? STATUS_CODE.PERMISSION_DENIED
                  : STATUS_CODE.FAILURE;
            sftp.status(id, status, String(code ?? (e as Error).message ?? e));
          };
          const run = (id: number, fn: () => Promise<void>) => void fn().catch((e: unknown) => fail(id, e));
          const ok = (id: number) => sftp.status(id, STATUS_CODE.OK);

          sftp.on('REALPATH', (id, p) =>
            sftp.name(id, [
              {
                filename: posix.normalize(`/${p}`),
                longname: '',
                attrs: attrs({ mode: 0o40755, uid: 0, gid: 0, size: 0, atimeMs: 0, mtimeMs: 0 } as Stats),
              },
            ]),
          );
          sftp.on('STAT', (id, p) => run(id, async () => void sftp.attrs(id, attrs(await stat(local(p))))));
          sftp.on('LSTAT', (id, p) => run(id, async () => void sftp.attrs(id, attrs(await lstat(local(p))))));
          sftp.on('MKDIR', (id, p) => run(id, async () => (await mkdir(local(p)), ok(id))));
          sftp.on('RMDIR', (id, p) => run(id, async () => (await rmdir(local(p)), ok(id))));
          sftp.on('REMOVE', (id, p) => run(id, async () => (await rm(local(p)), ok(id))));
          sftp.on('RENAME', (id, from, to) =>
            run(id, async () => {
              // Like OpenSSH's sftp-server: an existing target is not replaced.
              if (existsSync(local(to))) return void sftp.status(id, STATUS_CODE.FAILURE, 'target exists');
              await rename(local(from), local(to));
              await o.onRename(posix.normalize(`/${from}`), posix.normalize(`/${to}`));
              if (o.faults.loseRenameAnswer) {
                o.faults.loseRenameAnswer = false;
                return void client.end();
              }
              ok(id);
            }),
          );
          sftp.on('OPEN', (id, p, flags) =>
            run(id, async () => {
              const mode = flags & OPEN_MODE.EXCL ? 'wx' : flags & OPEN_MODE.WRITE ? (flags & OPEN_MODE.APPEND ? 'a' : 'w') : 'r';
              sftp.handle(id, handle({ fh: await open(local(p), mode), path: p }));
            }),
          );
          sftp.on('READ', (id, h, offset, length) =>
            run(id, async () => {
              const x = of(h);
              if (!x?.fh) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              const buf = Buffer.alloc(length);
              const { bytesRead } = await x.fh.read(buf, 0, length, offset);
              if (bytesRead === 0) return void sftp.status(id, STATUS_CODE.EOF);
              sftp.data(id, buf.subarray(0, bytesRead));
            }),
          );
          sftp.on('WRITE', (id, h, offset, data) =>
            run(id, async () => {
              const x = of(h);
              if (!x?.fh) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              if (o.faults.diskFull) return void sftp.status(id, STATUS_CODE.FAILURE, 'No space left on device');
              if (o.faults.dropConnectionAfterWrites !== undefined && o.faults.dropConnectionAfterWrites-- <= 0) {
                o.faults.dropConnectionAfterWrites = undefined;
                // The network goes: no answer, the TCP connection is cut.
                return void client.end();
              }
              await x.fh.write(data, 0, data.length, offset);
              ok(id);
            }),
          );
          sftp.on('FSTAT', (id, h) =>
            run(id, async () => {
              const x = of(h);
              if (!x?.fh) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              sftp.attrs(id, attrs(await x.fh.stat()));
            }),
          );
          sftp.on('OPENDIR', (id, p) => run(id, async () => void sftp.handle(id, handle({ entries: await readdir(local(p)), path: p }))));
          sftp.on('READDIR', (id, h) =>
            run(id, async () => {
              const x = of(h);
              if (!x?.entries) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              if (x.entries.length === 0) return void sftp.status(id, STATUS_CODE.EOF);
              const names = x.entries.splice(0);
              const out = [];
              for (const n of names) {
                const s = await lstat(join(local(x.path), n)).catch(() => undefined);
                if (s)
                  out.push({
                    filename: n,
                    longname: `${s.isDirectory() ? 'd' : '-'}rw-r--r-- 1 vendor vendor ${s.size} Jan 1 00:00 ${n}`,
                    attrs: attrs(s),
                  });
              }
              sftp.name(id, out);
            }),
          );
          sftp.on('CLOSE', (id, h) =>
            run(id, async () => {
              const x = of(h);
              if (!x) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              handles.delete(h.readUInt32BE(0));
              await x.fh?.close();
              ok(id);
            }),
          );
        });
      });
    });
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(o.port, o.host, () => res());
  });
  return {
    port: (server.address() as AddressInfo).port,
    hostKey: parse(hostKey).getPublicSSH(),
    close: () =>
      new Promise<void>((res) => {
        for (const c of clients) c.end();
        server.close(() => res());
      }),
  };
}
