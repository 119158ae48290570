/**
 * @module
 * Assembles a running platform from its config: database (embedded or external), migrations,
 * blob store, job queue, plugins and the letter event bus. Used by `brevdue start`, `brevdue
 * worker`, the CLI and the tests; `close()` releases everything in reverse order.
 */
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { PreparingClient } from '../db/prepared-statements.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/config-schema.ts';
import { connectDatabase, migrateToLatest } from '../db/connect.ts';
import { openBlobStore } from '../blob/open-blob-store.ts';
import { TEMPORARY_MAX_AGE_MS } from '../blob/sweep-orphan-blobs.ts';
import { createLogger } from '../log/logger.ts';
import { createPluginHost, type PluginHost } from '../plugins/plugin-host.ts';
import { ensureBootstrapToken, ensureOrganisation } from '../auth/api-tokens.ts';
import { type IdentityRuntime, startIdentity } from '../auth/identity-runtime.ts';
import { platformSecret } from '../auth/platform-secrets.ts';
import { type SignInThrottle, createSignInThrottle } from '../auth/sign-in-throttle.ts';
import { createLetterEventBus, type LetterEventBus } from '../letters/letter-event-bus.ts';
import { reportStatuses } from '../letters/report-status.ts';
import { receiveInbound } from '../inbox/receive-inbound.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Runtime } from './runtime-types.ts';
import { archiveTargetsFromHost, type ArchiveTargets } from '../archive/archive-runtime.ts';
import { ensureArchiveQueue } from '../archive/archive-exports.ts';
import { closeDocumentServices } from '../documents/index.ts';
import { lazyPdfEngine } from './lazy-pdf-engine.ts';
import type { PdfEngine } from '../pdf-engine/index.ts';

export interface RuntimeOptions {
  /** `api` listens for letter events; `worker` and `cli` don't need to. */
  role: 'api' | 'worker' | 'cli';
  /** Start simulators of plugin entries that ask for one. */
  startSimulators?: boolean;
  logger?: Logger;
  /** Skip loading plugins (CLI commands that don't need them). */
  withoutPlugins?: boolean;
}

const emptyHost: PluginHost = {
  providers: new Map(),
  archiveTargets: new Map(),
  registers: new Map(),
  simulators: new Map(),
  route: () => undefined,
  close: async () => {},
};

export async function createRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err) => logger.warn({ err }, 'error while closing'));
  };
  try {
    const dbh = await connectDatabase(config, logger);
    closers.push(dbh.close);
    await migrateToLatest(dbh.db);
    const store = openBlobStore(join(config.dataDir, 'blobs'), dbh.url, logger, config.blobStore);
    closers.push(store.close);
    await store.ready();
    const blobs = store.blobs;
    if (opts.role !== 'cli') {
      // What writers killed mid-upload left (their temporary files): a process of ours starting
      // is the first chance to remove it. Live writers' files stay (temporary-names.ts).
      const removed = await blobs.removeTemporaries(TEMPORARY_MAX_AGE_MS);
      if (removed > 0) logger.info({ removed }, 'removed temporary blob files of interrupted uploads');
    }

    const queue = new PgBoss({
      connectionString: dbh.url,
      schema: 'pgboss',
      max: 10,
      // pg-boss passes its options on to its pg.Pool: its fetch, insert and complete statements
      // are prepared once per connection too.
      Client: PreparingClient,
      // Jobs of a process that died come back after this long (see the fault test).
      expireInSeconds: config.queue.expireInSeconds,
      maintenanceIntervalSeconds: config.queue.maintenanceIntervalSeconds,
      supervise: opts.role !== 'cli',
      schedule: opts.role !== 'cli',
    } as PgBoss.ConstructorOptions);
    queue.on('error', (err) => logger.warn({ err }, 'job queue error'));
    await queue.start();
    closers.push(() => queue.stop({ graceful: true, timeout: 5000, wait: true }));
    for (const name of Object.values(QUEUES)) await queue.createQueue(name);

    const orgId = await ensureOrganisation(dbh.db, config.defaultOrganisation);
    if (config.bootstrapToken) await ensureBootstrapToken(dbh.db, orgId, config.bootstrapToken);

    // The runtime is referenced by plugin callbacks before it is complete.
    const rt = {
      config,
      db: dbh.db,
      databaseUrl: dbh.url,
      blobs,
      logger,
      queue,
      streamTicketKey: await platformSecret(dbh.db, 'stream-ticket-key'),
    } as Runtime & {
      pdf: PdfEngine;
      plugins: PluginHost;
      letterEvents: LetterEventBus;
      archiveTargets: ArchiveTargets;
      identity?: IdentityRuntime;
      signInThrottle?: SignInThrottle;
      close: () => Promise<void>;
    };
    rt.plugins = opts.withoutPlugins
      ? emptyHost
      : await createPluginHost({
          config,
          db: dbh.db,
          logger,
          blobs,
          startSimulators: opts.startSimulators ?? false,
          reportStatus: (provider, update) => reportStatuses(rt, provider, [update]),
          receive: (provider, message) => receiveInbound(rt, provider, message),
        });
    closers.push(() => rt.plugins.close());
    rt.archiveTargets = archiveTargetsFromHost(rt.plugins);
    await ensureArchiveQueue(queue);
    // The shared Chromium of e-mail rendering, if this process started one.
    closers.push(() => closeDocumentServices());
    // A merge run of 5,000 two-page letters is 10,000 pages.
    rt.pdf = lazyPdfEngine({ maxPages: 10_000 });
    closers.push(() => rt.pdf.close());
    if (opts.role === 'api') {
      rt.signInThrottle = createSignInThrottle(dbh.url);
      closers.push(() => rt.signInThrottle!.close());
      if (config.identity) {
        rt.identity = await startIdentity(config.identity, {
          db: dbh.db,
          logger,
          dataDir: config.dataDir,
          publicUrl: config.publicUrl ?? `http://127.0.0.1:${config.port}`,
          onSandboxSignIn: (e) => {
            if (!e.ok) logger.warn({ reason: e.reason, source: e.sourceAddress }, 'sandbox sign-in failed');
          },
        });
        closers.push(() => rt.identity!.close());
      }
      rt.letterEvents = await createLetterEventBus(dbh.url, logger);
      closers.push(() => rt.letterEvents.close());
    } else {
      rt.letterEvents = { subscribe: () => () => {}, close: async () => {} };
    }
    rt.close = close;
    return rt;
  } catch (e) {
    await close();
    throw e;
  }
}
