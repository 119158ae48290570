/**
 * @module
 * The plugin host: loads the configured plugins, validates each one's config with its own
 * schema (refusing start-up with the plugin and field named), creates the instances with their
 * context, starts simulators when asked, and answers which provider serves a recipient type
 * and channel (routing is configuration).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Channel, IdType } from '@brevdue/shared';
import {
  type ArchiveTarget,
  type ArchiveTargetDefinition,
  type BlobReader,
  type InboundMessage,
  type InboundReceipt,
  type PluginDefinition,
  type Provider,
  type ProviderDefinition,
  type Register,
  type RegisterDefinition,
  type RunningSimulator,
  type StatusUpdate,
  PluginConfigError,
} from '@brevdue/shared/sdk';
import type { Config, PluginEntry } from '../config/config-schema.ts';
import { ConfigError, formatIssues } from '../config/load-config.ts';
import type { Database } from '../db/schema.ts';
import { loadPluginDefinition } from './load-plugin.ts';
import { createPluginState } from './plugin-state.ts';

export interface ProviderInstance {
  name: string;
  definition: ProviderDefinition;
  provider: Provider;
  /** Sends in flight per process to this remote: `plugins[i].concurrency`, else the plugin's own, else 100. */
  concurrency: number;
}

export const DEFAULT_PROVIDER_CONCURRENCY = 100;

export interface ArchiveTargetInstance {
  name: string;
  definition: ArchiveTargetDefinition;
  target: ArchiveTarget;
  autoExport: boolean;
}

export interface RegisterInstance {
  name: string;
  definition: RegisterDefinition;
  register: Register;
}

export interface PluginHost {
  readonly providers: ReadonlyMap<string, ProviderInstance>;
  readonly archiveTargets: ReadonlyMap<string, ArchiveTargetInstance>;
  /** Registers (CPR/CVR look-ups: guardians, production units), in config order. */
  readonly registers: ReadonlyMap<string, RegisterInstance>;
  /** Provider instance name serving this recipient type over this channel, per the routing config. */
  route(idType: IdType, channel: Channel): ProviderInstance | undefined;
  readonly simulators: ReadonlyMap<string, RunningSimulator>;
  close(): Promise<void>;
}

export interface PluginHostDeps {
  config: Config;
  db: Kysely<Database>;
  logger: Logger;
  blobs: BlobReader;
  reportStatus(provider: string, update: StatusUpdate): Promise<void>;
  /** Stores a message a provider received (inbound post); absent in processes that take none. */
  receive?(provider: string, message: InboundMessage): Promise<InboundReceipt>;
  /** Start simulators of plugin entries that ask for one (`brevdue start` does; workers don't). */
  startSimulators: boolean;
}

/** Validates one plugin entry's config against the plugin's schema. */
export function parsePluginConfig(entry: PluginEntry, index: number, def: PluginDefinition): unknown {
  const parsed = def.configSchema.safeParse(entry.config);
  if (!parsed.success) {
    throw new ConfigError(
      `plugin "${entry.name ?? def.name}" (${entry.package}) has an invalid config:\n${formatIssues(parsed.error.issues, `plugins.${index}.config`)}`,
    );
  }
  return parsed.data;
}

export async function createPluginHost(deps: PluginHostDeps): Promise<PluginHost> {
  const { config, logger } = deps;
  const providers = new Map<string, ProviderInstance>();
  const archiveTargets = new Map<string, ArchiveTargetInstance>();
  const registers = new Map<string, RegisterInstance>();
  const simulators = new Map<string, RunningSimulator>();
  try {
    for (const [i, entry] of config.plugins.entries()) {
      const def = await loadPluginDefinition(entry.package);
      const name = entry.name ?? def.name;
      if (entry.simulator && deps.startSimulators) {
        if (!def.simulator) throw new ConfigError(`plugins.${i}.simulator: plugin "${name}" has no simulator`);
        const dataDir = join(config.dataDir, 'simulators', name);
        mkdirSync(dataDir, { recursive: true });
        const sim = await def.simulator
          .start({ port: entry.simulator.port, host: '127.0.0.1', dataDir, settings: entry.simulator.settings })
          .catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'EADDRINUSE') throw e;
            throw new ConfigError(
              `plugins.${i}.simulator.port: port ${entry.simulator!.port} is in use, so the ${name} simulator cannot start there; choose another port (and the plugin's url to match), or stop what uses it`,
            );
          });
        simulators.set(name, sim);
        logger.info({ plugin: name, url: sim.url }, 'simulator started');
      }
      const pluginConfig = parsePluginConfig(entry, i, def);
      const dataDir = join(config.dataDir, 'plugins', name);
      mkdirSync(dataDir, { recursive: true });
      const context = {
        name,
        logger: logger.child({ plugin: name }),
        clock: { now: () => new Date() },
        fetch: globalThis.fetch,
        blobs: deps.blobs,
        state: createPluginState(deps.db, name),
        dataDir,
        publicUrl: config.publicUrl ?? `http://127.0.0.1:${config.port}`,
        reportStatus: (u: StatusUpdate) => deps.reportStatus(name, u),
        ...(deps.receive ? { receive: (m: InboundMessage) => deps.receive!(name, m) } : {}),
      };
      try {
        // The config was parsed by the plugin's own schema just above.
        if (def.kind === 'provider') {
          providers.set(name, {
            name,
            definition: def,
            provider: await def.create(pluginConfig, context),
            concurrency: entry.concurrency ?? def.capabilities.concurrency ?? DEFAULT_PROVIDER_CONCURRENCY,
          });
        } else if (def.kind === 'archive') {
          archiveTargets.set(name, {
            name,
            definition: def,
            target: await def.create(pluginConfig, context),
            autoExport: entry.autoExport,
          });
        } else {
          registers.set(name, { name, definition: def, register: await def.create(pluginConfig, context) });
        }
      } catch (e) {
        if (e instanceof PluginConfigError) throw new ConfigError(`plugins.${i}.config.${e.field}: ${e.message}`);
        throw e;
      }
    }
    for (const [i, r] of config.routing.entries()) {
      const p = providers.get(r.provider);
      if (!p)
        throw new ConfigError(
          `routing.${i}.provider: no provider plugin named "${r.provider}" (configured: ${[...providers.keys()].join(', ') || 'none'})`,
        );
      for (const ch of r.channels) {
        if (!p.definition.channels.includes(ch))
          throw new ConfigError(`routing.${i}.channels: provider "${r.provider}" has no ${ch} channel`);
      }
    }
  } catch (e) {
    await Promise.allSettled([...simulators.values()].map((s) => s.close()));
    throw e;
  }

  return {
    providers,
    archiveTargets,
    registers,
    simulators,
    route(idType, channel) {
      const r = config.routing.find((x) => x.recipientTypes.includes(idType) && x.channels.includes(channel));
      return r ? providers.get(r.provider) : undefined;
    },
    async close() {
      await Promise.allSettled([...providers.values()].map((p) => p.provider.close?.() ?? Promise.resolve()));
      await Promise.allSettled([...archiveTargets.values()].map((p) => p.target.close?.() ?? Promise.resolve()));
      await Promise.allSettled([...registers.values()].map((p) => p.register.close?.() ?? Promise.resolve()));
      await Promise.allSettled([...simulators.values()].map((s) => s.close()));
    },
  };
}
