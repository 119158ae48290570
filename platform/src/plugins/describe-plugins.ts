/**
 * @module
 * What `GET /v1/plugins` and `brevdue plugins list` tell an admin about a plugin: its kind,
 * channels, capabilities, the routing entries that use it and whether its config holds. A
 * config problem is told by field and in words; config values never leave — they hold passwords,
 * keys and certificates — so any value of the entry that a message happens to repeat is blanked.
 */
import type { PluginConfigStatus, PluginView } from '@brevdue/shared/api';
import type { PluginDefinition } from '@brevdue/shared/sdk';
import type { Config, PluginEntry } from '../config/config-schema.ts';
import { loadPluginDefinition } from './load-plugin.ts';

/** Every string and number in a config, as text (the values a message must not repeat). */
function leafValues(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) leafValues(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) leafValues(x, out);
  return out;
}

/** `message` with every config value of three or more characters blanked. */
function withoutValues(message: string, values: readonly string[]): string {
  let m = message;
  for (const v of [...values].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) m = m.split(v).join('…');
  return m;
}

/** Whether `entry`'s config passes `def`'s schema; the problems by field, without values. */
export function configStatus(entry: PluginEntry, index: number, def: PluginDefinition): PluginConfigStatus {
  const parsed = def.configSchema.safeParse(entry.config);
  if (parsed.success) return { status: 'ok' };
  const values = leafValues(entry.config);
  return {
    status: 'invalid',
    problems: parsed.error.issues.map((i) => ({
      field: [`plugins.${index}.config`, ...i.path.map(String)].join('.'),
      message: withoutValues(i.message, values),
    })),
  };
}

function capabilitiesOf(def: PluginDefinition, entry?: PluginEntry): { capabilities: string[]; recipientTypes: string[] } {
  if (def.kind === 'provider') {
    const c = def.capabilities;
    const caps = [
      c.replies ? 'replies' : '',
      c.receives ? 'receives' : '',
      c.deferredSend ? 'deferred-send' : '',
      c.print ? 'print-options' : '',
      c.actionCodes.length > 0 ? 'actions' : '',
    ];
    return { capabilities: caps.filter(Boolean), recipientTypes: [...c.recipientTypes] };
  }
  if (def.kind === 'register') {
    const c = def.capabilities;
    return {
      capabilities: [c.guardians ? 'guardians' : '', c.productionUnits ? 'production-units' : ''].filter(Boolean),
      recipientTypes: [],
    };
  }
  return { capabilities: entry?.autoExport ? ['auto-export'] : [], recipientTypes: [] };
}

function describe(def: PluginDefinition, name: string, pkg: string, config: PluginConfigStatus, rest: Partial<PluginView>): PluginView {
  return {
    name,
    package: pkg,
    kind: def.kind,
    description: def.description,
    channels: def.kind === 'provider' ? [...def.channels] : [],
    ...capabilitiesOf(def),
    routes: [],
    simulator: false,
    config,
    ...rest,
  };
}

function unloadable(name: string, pkg: string, e: unknown): PluginView {
  return {
    name,
    package: pkg,
    kind: null,
    description: null,
    channels: [],
    capabilities: [],
    recipientTypes: [],
    routes: [],
    simulator: false,
    config: { status: 'unloadable', message: (e as Error).message },
  };
}

/**
 * The configured plugins in config order; with `installed`, then also the packages it names that
 * are installed but not configured (`discoverInstalledPlugins` finds them by the
 * `brevdue-plugin` keyword). Those are imported to be described — seconds for a few large ones
 * the first time in a process — so they are only looked at when asked for.
 */
export async function describePlugins(config: Config, installed?: () => string[]): Promise<PluginView[]> {
  const out: PluginView[] = [];
  for (const [i, entry] of config.plugins.entries()) {
    try {
      const def = await loadPluginDefinition(entry.package);
      const name = entry.name ?? def.name;
      out.push(
        describe(def, name, entry.package, configStatus(entry, i, def), {
          ...capabilitiesOf(def, entry),
          routes: config.routing
            .filter((r) => r.provider === name)
            .map((r) => ({ recipientTypes: [...r.recipientTypes], channels: [...r.channels] })),
          simulator: entry.simulator !== undefined,
        }),
      );
    } catch (e) {
      out.push(unloadable(entry.name ?? entry.package, entry.package, e));
    }
  }
  if (!installed) return out;
  const configured = new Set(config.plugins.map((p) => p.package));
  for (const pkg of installed()) {
    if (configured.has(pkg)) continue;
    try {
      const def = await loadPluginDefinition(pkg);
      out.push(describe(def, def.name, pkg, { status: 'not_configured' }, {}));
    } catch (e) {
      out.push(unloadable(pkg, pkg, e));
    }
  }
  return out;
}
