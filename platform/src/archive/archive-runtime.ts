/**
 * @module
 * What the archive needs of the running platform. A narrow view of `Runtime` (see
 * `runtime-types.ts`) plus `archiveTargets`, so tests and the CLI can assemble it from real
 * parts without the whole platform. The lead's `Runtime` satisfies it once it carries
 * `archiveTargets` (an adapter over the plugin host).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { ArchiveTarget } from '@brevdue/shared/sdk';
import type { BlobStore } from '../blob/blob-store.ts';
import type { Database } from '../db/schema.ts';

/** The configured archive targets (plugins of kind `archive`), by instance name. */
export interface ArchiveTargets {
  /** The running target, or `undefined` when no target has that name. */
  get(name: string): ArchiveTarget | undefined;
  /** Instance names of every configured target. */
  names(): string[];
  /** Whether new records go to this target automatically (config `autoExport`). */
  autoExport(name: string): boolean;
}

export interface ArchiveRuntime {
  readonly db: Kysely<Database>;
  readonly blobs: BlobStore;
  readonly logger: Logger;
  readonly queue: PgBoss;
  readonly archiveTargets: ArchiveTargets;
}

/**
 * Archive targets from a plain map; what tests and simple set-ups use.
 * @example const targets = archiveTargetsFrom({ ludus: { target, autoExport: true } });
 */
export function archiveTargetsFrom(entries: Record<string, { target: ArchiveTarget; autoExport: boolean }>): ArchiveTargets {
  return {
    get: (name) => entries[name]?.target,
    names: () => Object.keys(entries),
    autoExport: (name) => entries[name]?.autoExport ?? false,
  };
}

/**
 * Archive targets over the plugin host's map (`rt.plugins.archiveTargets`), structurally typed
 * so the archive does not depend on the host's internals.
 * @example const archiveRt = { ...rt, archiveTargets: archiveTargetsFromHost(rt.plugins) };
 */
export function archiveTargetsFromHost(host: {
  readonly archiveTargets: ReadonlyMap<string, { target: ArchiveTarget; autoExport: boolean }>;
}): ArchiveTargets {
  return {
    get: (name) => host.archiveTargets.get(name)?.target,
    names: () => [...host.archiveTargets.keys()],
    autoExport: (name) => host.archiveTargets.get(name)?.autoExport ?? false,
  };
}
