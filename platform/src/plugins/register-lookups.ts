/**
 * @module
 * The platform's door to the configured register (CPR custody holders, CVR production units):
 * the first register plugin in config order that declares the capability answers. Answers are
 * kept in memory for a while, so a merge run previewed and then created asks the register once
 * per child, and concurrent asks for the same number share one call (lru-cache's `fetch`).
 *
 * Keys are SHA-256 digests, never the number in clear, and nothing here logs a number.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { type Guardian, type ProductionUnit, callRegister, registerError } from '@brevdue/shared/sdk';
import type { PluginHost, RegisterInstance } from './plugin-host.ts';

/** Custody and P-units change rarely; ten minutes spans a preview and the send that follows it. */
export const REGISTER_CACHE_TTL_MS = 10 * 60_000;
/** A merge run of 5,000 letters with every child a minor fits. */
const CACHE_ENTRIES = 10_000;

/** Look-ups in the configured register. */
export interface RegisterLookups {
  /** The register instance that answers custody holders; undefined when none is configured. */
  readonly guardiansBy: string | undefined;
  /** The register instance that answers production units; undefined when none is configured. */
  readonly productionUnitsBy: string | undefined;
  /**
   * The custody holders of a child.
   * @throws ProviderError as the register throws it (`NOT_SUPPORTED` when no register answers custody)
   */
  guardians(cpr: string): Promise<Guardian[]>;
  /**
   * The active production units of a company.
   * @throws ProviderError as the register throws it (`NOT_SUPPORTED` when no register answers P-units)
   */
  productionUnits(cvr: string): Promise<ProductionUnit[]>;
}

type Answer = Guardian[] | ProductionUnit[];
type Method = 'guardians' | 'productionUnits';

const lookups = new WeakMap<Pick<PluginHost, 'registers'>, RegisterLookups>();

/**
 * The register look-ups of a plugin host (one cache per host, so per process).
 * @example const holders = await registerFor(rt.plugins).guardians('1505144320');
 */
export function registerFor(host: Pick<PluginHost, 'registers'>): RegisterLookups {
  let l = lookups.get(host);
  if (!l) {
    l = createRegisterLookups(host);
    lookups.set(host, l);
  }
  return l;
}

/** Options of {@link createRegisterLookups}. */
export interface RegisterLookupOptions {
  /** How long an answer is kept (default {@link REGISTER_CACHE_TTL_MS}). */
  ttlMs?: number;
  /** The clock the TTL counts by, in milliseconds (tests turn it forward instead of waiting). */
  now?: () => number;
}

function firstWith(host: Pick<PluginHost, 'registers'>, method: Method): RegisterInstance | undefined {
  return [...host.registers.values()].find((r) => r.definition.capabilities[method]);
}

/**
 * Register look-ups over a plugin host with their own cache; the platform uses {@link registerFor}.
 * @example const lookups = createRegisterLookups(host, { ttlMs: 60_000 });
 */
export function createRegisterLookups(host: Pick<PluginHost, 'registers'>, opts: RegisterLookupOptions = {}): RegisterLookups {
  const guardiansBy = firstWith(host, 'guardians');
  const unitsBy = firstWith(host, 'productionUnits');
  // Errors are not cached (lru-cache's fetch never stores a rejection): a register that was down answers next time.
  const cache = new LRUCache<string, Answer, { method: Method; id: string }>({
    max: CACHE_ENTRIES,
    ttl: opts.ttlMs ?? REGISTER_CACHE_TTL_MS,
    // With a given clock, read it on every ask (lru-cache otherwise reuses a reading for 1 ms).
    ...(opts.now ? { perf: { now: opts.now }, ttlResolution: 0 } : {}),
    fetchMethod: async (_key, _stale, { context }) => {
      const inst = context.method === 'guardians' ? guardiansBy : unitsBy;
      if (!inst) {
        const what = context.method === 'guardians' ? 'custody holders' : 'production units';
        throw registerError(
          'NOT_SUPPORTED',
          `no register that looks up ${what} is configured: add one to "plugins" (e.g. @brevdue/plugin-sandbox/register)`,
        );
      }
      return (await callRegister(inst.register, inst.name, context.method, context.id)) as Answer;
    },
  });
  const ask = async (method: Method, id: string): Promise<Answer> => {
    const key = `${method}:${createHash('sha256').update(id).digest('base64url')}`;
    return (await cache.fetch(key, { context: { method, id } }))!;
  };
  return {
    guardiansBy: guardiansBy?.name,
    productionUnitsBy: unitsBy?.name,
    guardians: async (cpr) => (await ask('guardians', cpr)) as Guardian[],
    productionUnits: async (cvr) => (await ask('productionUnits', cvr)) as ProductionUnit[],
  };
}
