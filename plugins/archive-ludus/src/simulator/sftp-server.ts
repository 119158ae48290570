/**
 * @module
 * An SFTP server over a local folder (ssh2's `Server`), so the SFTP drop is tested against the
 * real protocol with nothing installed: password or public-key login, a persistent ed25519 host
 * key in the data directory, and the SFTP v3 requests an upload needs (stat, mkdir, open/write/
 * close, opendir/readdir, rename, remove, rmdir, realpath). Paths cannot leave the root.
 * Rename refuses an existing target, as OpenSSH's sftp-server does for files and non-empty folders.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import ssh2, { type Attributes } from 'ssh2';
import type { Stats } from 'node:fs';

const { Server, utils } = ssh2;
const { STATUS_CODE, OPEN_MODE } = utils.sftp;

export interface SftpServerOptions {
  root: string;
  username: string;
  password: string;
  port: number;
  host: string;
  /** Where the host key is kept, so its fingerprint survives restarts. */
  hostKeyFile: string;
}

export interface RunningSftpServer {
  port: number;
  hostKey: Buffer;
  close(): Promise<void>;
}

function hostKey(file: string): string {
  if (!existsSync(file)) writeFileSync(file, utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
  return readFileSync(file, 'utf8');
}

/**
 * An empty attribute set (flags 0) for a REALPATH answer: ssh2 writes only the fields present, though its
 * `Attributes` type lists every one as required.
 */
const NO_ATTRS = {} as Attributes;
const attrsOf = (s: Stats) => ({
  mode: s.mode,
  uid: s.uid,
  gid: s.gid,
  size: s.size,
  atime: Math.floor(s.atimeMs / 1000),
  mtime: Math.floor(s.mtimeMs / 1000),
});

/** Starts the SFTP server. */
export async function startSftpServer(o: SftpServerOptions): Promise<RunningSftpServer> {
  const key = hostKey(o.hostKeyFile);
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  const hostKeyPublic = (Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH();
  const local = (p: string) => join(o.root, posix.normalize(`/${p}`)); // normalize of an absolute path cannot climb above "/"

  const clients = new Set<{ end(): unknown }>();
  const server = new Server({ hostKeys: [key] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.username === o.username && ctx.method === 'password' && ctx.password === o.password) return ctx.accept();
      ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fh?: FileHandle; dir?: string[]; path: string }>();
          let nextHandle = 1;
          const newHandle = (h: { fh?: FileHandle; dir?: string[]; path: string }) => {
            const id = nextHandle++;
            handles.set(id, h);
            const b = Buffer.alloc(4);
            b.writeUInt32BE(id);
            return b;
          };
          const handleOf = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
          const status = (id: number, e: unknown) => {
            const code = (e as NodeJS.ErrnoException).code;
            sftp.status(
              id,
              code === 'ENOENT'
                ? STATUS_CODE.NO_SUCH_FILE
                : code === 'EACCES' || code === 'EPERM'
                  ? STATUS_CODE.PERMISSION_DENIED
                  : STATUS_CODE.FAILURE,
              String(code ?? e),
            );
          };
          const run = (id: number, fn: () => Promise<void>) => void fn().catch((e: unknown) => status(id, e));

          sftp.on('REALPATH', (id, p) => sftp.name(id, [{ filename: posix.normalize(`/${p}`), longname: '', attrs: NO_ATTRS }]));
          sftp.on('STAT', (id, p) => run(id, async () => void sftp.attrs(id, attrsOf(await stat(local(p))))));
          sftp.on('LSTAT', (id, p) => run(id, async () => void sftp.attrs(id, attrsOf(await lstat(local(p))))));
          sftp.on('MKDIR', (id, p) => run(id, async () => void (await mkdir(local(p)), sftp.status(id, STATUS_CODE.OK))));
          sftp.on('RMDIR', (id, p) => run(id, async () => void (await rmdir(local(p)), sftp.status(id, STATUS_CODE.OK))));
          sftp.on('REMOVE', (id, p) => run(id, async () => void (await rm(local(p)), sftp.status(id, STATUS_CODE.OK))));
          sftp.on('RENAME', (id, from, to) =>
            run(id, async () => {
              if (existsSync(local(to))) return void sftp.status(id, STATUS_CODE.FAILURE, 'target exists');
              await rename(local(from), local(to));
              sftp.status(id, STATUS_CODE.OK);
            }),
          );
          sftp.on('OPEN', (id, p, flags) =>
            run(id, async () => {
              const mode = flags & OPEN_MODE.EXCL ? 'wx' : flags & OPEN_MODE.WRITE ? (flags & OPEN_MODE.APPEND ? 'a' : 'w') : 'r';
              sftp.handle(id, newHandle({ fh: await open(local(p), mode), path: p }));
            }),
          );
          sftp.on('WRITE', (id, h, offset, data) =>
            run(id, async () => {
              const x = handleOf(h);
              if (!x?.fh) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              await x.fh.write(data, 0, data.length, offset);
              sftp.status(id, STATUS_CODE.OK);
            }),
          );
          sftp.on('FSTAT', (id, h) =>
            run(id, async () => {
              const x = handleOf(h);
              if (!x?.fh) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              sftp.attrs(id, attrsOf(await x.fh.stat()));
            }),
          );
          sftp.on('OPENDIR', (id, p) => run(id, async () => void sftp.handle(id, newHandle({ dir: await readdir(local(p)), path: p }))));
          sftp.on('READDIR', (id, h) =>
            run(id, async () => {
              const x = handleOf(h);
              if (!x?.dir) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              if (x.dir.length === 0) return void sftp.status(id, STATUS_CODE.EOF);
              const names = x.dir.splice(0, x.dir.length);
              const out = [];
              for (const n of names) {
                const s = await lstat(join(local(x.path), n)).catch(() => undefined);
                if (s)
                  out.push({
                    filename: n,
                    longname: `${s.isDirectory() ? 'd' : '-'}rwxr-xr-x 1 sim sim ${s.size} Jan 1 00:00 ${n}`,
                    attrs: attrsOf(s),
                  });
              }
              sftp.name(id, out);
            }),
          );
          sftp.on('CLOSE', (id, h) =>
            run(id, async () => {
              const x = handleOf(h);
              if (!x) return void sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
              handles.delete(h.readUInt32BE(0));
              await x.fh?.close();
              sftp.status(id, STATUS_CODE.OK);
            }),
          );
        });
      });
    });
  });
  await new Promise<void>((res) => server.listen(o.port, o.host, () => res()));
  return {
    port: (server.address() as AddressInfo).port,
    hostKey: hostKeyPublic,
    close: () =>
      new Promise<void>((res) => {
        for (const c of clients) c.end();
        server.close(() => res());
      }),
  };
}
