/**
 * @module
 * The running platform's parts, handed to routes, workers and CLI commands.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/schema.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import type { LetterEventBus } from '../letters/letter-event-bus.ts';
import type { ArchiveTargets } from '../archive/archive-runtime.ts';
import type { IdentityRuntime } from '../auth/identity-runtime.ts';
import type { SignInThrottle } from '../auth/sign-in-throttle.ts';
import type { PdfEngine } from '../pdf-engine/index.ts';

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
  /** Staff sign-in, when the config has an `identity` section (API processes only). */
  readonly identity?: IdentityRuntime;
  /** Key of the tickets that open event streams (shared by every process through the database). */
  readonly streamTicketKey: string;
  /** Failed sign-ins per source address (API processes only). */
  readonly signInThrottle?: SignInThrottle;
  /** Splits, redaction and the leak guard's reading of untrusted PDFs, on worker threads (started on first use). */
  readonly pdf: PdfEngine;
  close(): Promise<void>;
}
