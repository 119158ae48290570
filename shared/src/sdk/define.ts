/**
 * @module
 * `defineProvider`, `defineArchiveTarget` and `defineRegister`: how a plugin package declares itself. The
 * package's default export is the returned definition.
 */
import type { z } from 'zod';
import type { ActionCode } from '../domain/actions.ts';
import type { Channel } from '../domain/letter-status.ts';
import type { ArchiveTarget } from './archive-target.ts';
import type { PluginContext } from './context.ts';
import type { Provider, ProviderCapabilities } from './provider.ts';
import type { Register, RegisterCapabilities } from './register.ts';
import type { Simulator } from './simulator.ts';

/** Version of this SDK contract; the host refuses plugins built for another major. */
export const SDK_VERSION = 1;

interface BaseDefinition<S extends z.ZodType> {
  readonly sdkVersion: typeof SDK_VERSION;
  /** Default name (kebab-case); the config may rename an instance. */
  readonly name: string;
  /** One line for `brevdue plugins list`. */
  readonly description: string;
  /** Zod schema of the plugin's config; a failure names the field and refuses start-up. */
  readonly configSchema: S;
  readonly simulator?: Simulator;
}

export interface ProviderDefinition<S extends z.ZodType = z.ZodType> extends BaseDefinition<S> {
  readonly kind: 'provider';
  readonly channels: readonly Channel[];
  readonly capabilities: ProviderCapabilities;
  /** Creates the provider. Throw `PluginConfigError` for config that parses but cannot work (e.g. unreadable certificate). */
  create(config: z.infer<S>, context: PluginContext): Promise<Provider> | Provider;
}

export interface ArchiveTargetDefinition<S extends z.ZodType = z.ZodType> extends BaseDefinition<S> {
  readonly kind: 'archive';
  create(config: z.infer<S>, context: PluginContext): Promise<ArchiveTarget> | ArchiveTarget;
}

export interface RegisterDefinition<S extends z.ZodType = z.ZodType> extends BaseDefinition<S> {
  readonly kind: 'register';
  /** Which look-ups it answers; the returned register has exactly those methods. */
  readonly capabilities: RegisterCapabilities;
  /** Creates the register. Throw `PluginConfigError` for config that parses but cannot work (e.g. unreadable certificate). */
  create(config: z.infer<S>, context: PluginContext): Promise<Register> | Register;
}

export type PluginDefinition = ProviderDefinition | ArchiveTargetDefinition | RegisterDefinition;

const NAME = /^[a-z][a-z0-9-]{1,40}$/;

function check(def: { name: string; configSchema: unknown; create: unknown }): void {
  if (!NAME.test(def.name)) throw new TypeError(`plugin name "${def.name}" must be kebab-case (a-z, 0-9, -)`);
  if (typeof def.create !== 'function') throw new TypeError(`plugin "${def.name}": create must be a function`);
  if (!def.configSchema || typeof (def.configSchema as { safeParse?: unknown }).safeParse !== 'function') {
    throw new TypeError(`plugin "${def.name}": configSchema must be a zod schema`);
  }
}

/**
 * Declares a provider plugin.
 * @example
 * export default defineProvider({
 *   name: 'my-post', description: 'My post service', configSchema: z.object({ url: z.url() }),
 *   channels: ['digital'], capabilities: { maxShipmentBytes: 10_000_000, recipientTypes: ['CPR'],
 *   actionCodes: [], replies: false, deferredSend: false },
 *   create: (config, ctx) => ({ lookup: async () => ({ registration: 'digital' }), send: async (l) => { ... } }),
 * });
 * @throws TypeError when the definition is malformed (bad name, missing create or schema).
 */
export function defineProvider<S extends z.ZodType>(def: Omit<ProviderDefinition<S>, 'kind' | 'sdkVersion'>): ProviderDefinition<S> {
  check(def);
  if (def.channels.length === 0) throw new TypeError(`plugin "${def.name}": declare at least one channel`);
  return { ...def, kind: 'provider', sdkVersion: SDK_VERSION };
}

/**
 * Declares an archive-target plugin.
 * @example
 * export default defineArchiveTarget({ name: 'my-esdh', description: '...', configSchema, create: (cfg, ctx) => ({ export: async (item) => ... }) });
 * @throws TypeError when the definition is malformed.
 */
export function defineArchiveTarget<S extends z.ZodType>(
  def: Omit<ArchiveTargetDefinition<S>, 'kind' | 'sdkVersion'>,
): ArchiveTargetDefinition<S> {
  check(def);
  return { ...def, kind: 'archive', sdkVersion: SDK_VERSION };
}

/**
 * Declares a register plugin (CPR/CVR look-ups: custody holders, production units).
 * @example
 * export default defineRegister({
 *   name: 'my-register', description: 'CPR look-ups from our own system', configSchema: z.object({ url: z.url() }),
 *   capabilities: { guardians: true, productionUnits: false },
 *   create: (config, ctx) => ({ guardians: async (cpr) => [...] }),
 * });
 * @throws TypeError when the definition is malformed (bad name, missing create or schema, no capability declared).
 */
export function defineRegister<S extends z.ZodType>(def: Omit<RegisterDefinition<S>, 'kind' | 'sdkVersion'>): RegisterDefinition<S> {
  check(def);
  if (!def.capabilities || (!def.capabilities.guardians && !def.capabilities.productionUnits)) {
    throw new TypeError(`plugin "${def.name}": declare at least one capability (guardians, productionUnits)`);
  }
  return { ...def, kind: 'register', sdkVersion: SDK_VERSION };
}

export type { ActionCode };
