/**
 * @module
 * The running platform's parts, handed to routes, workers and CLI commands.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { BlobStore } from './blob/blob-store.ts';
import type { Config } from './config/config-schema.ts';
import type { Database } from './db/schema.ts';
import type { PluginHost } from './plugins/plugin-host.ts';
import type { LetterEventBus } from './letters/letter-event-bus.ts';
import type { ArchiveTargets } from './archive/archive-runtime.ts';

export interface Runtime {
  readonly config: Config;
  readonly db: Kysely<Database>;
  /** The database's connection string (for LISTEN connections of their own). */
  readonly databaseUrl: string;
  readonly blobs: BlobStore;
  readonly logger: Logger;
  readonly queue: PgBoss;
  readonly plugins: PluginHost;
  /** In-process notifications of letter changes (for server-sent events), fed by PostgreSQL NOTIFY. */
  readonly letterEvents: LetterEventBus;
  /** The configured archive targets (plugins of kind `archive`). */
  readonly archiveTargets: ArchiveTargets;
  close(): Promise<void>;
}
