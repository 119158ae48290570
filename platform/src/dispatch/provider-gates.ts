/**
 * @module
 * The pace of each remote, per process: at most `concurrency` sends in flight to one provider
 * (the remote's agreed limit: `plugins[i].concurrency`, else the plugin's declared default, else
 * 100), and a pause for that provider alone when it throttles. Letters for other providers keep
 * flowing meanwhile: a paused provider's letters are put back in the queue, not waited on.
 */
import type { Runtime } from '../app/runtime-types.ts';
import { DEFAULT_PROVIDER_CONCURRENCY } from '../plugins/plugin-host.ts';

export interface ProviderGate {
  readonly limit: number;
  /** Sends in flight now. */
  readonly inFlight: number;
  /** Milliseconds until the provider may be called again; 0 when it may now. */
  pausedForMs(): number;
  /** Waits for a free place; resolves to the function that gives it back. */
  acquire(): Promise<() => void>;
  /** No new sends to this provider from this process for `seconds`. */
  pause(seconds: number): void;
}

export function createProviderGate(limit: number, now: () => number = Date.now): ProviderGate {
  let inFlight = 0;
  let pausedUntil = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    inFlight--;
    const next = waiting.shift();
    if (next) {
      inFlight++;
      next();
    }
  };
  return {
    limit,
    get inFlight() {
      return inFlight;
    },
    pausedForMs: () => Math.max(0, pausedUntil - now()),
    acquire() {
      if (inFlight < limit) {
        inFlight++;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => waiting.push(() => resolve(once(release))));
    },
    pause(seconds) {
      pausedUntil = Math.max(pausedUntil, now() + seconds * 1000);
    },
  };
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      f();
    }
  };
}

const gatesOf = new WeakMap<Runtime, Map<string, ProviderGate>>();

/** The gate of one provider instance in this process. */
export function providerGate(rt: Runtime, providerName: string): ProviderGate {
  let gates = gatesOf.get(rt);
  if (!gates) gatesOf.set(rt, (gates = new Map()));
  let gate = gates.get(providerName);
  if (!gate) {
    gates.set(
      providerName,
      (gate = createProviderGate(rt.plugins.providers.get(providerName)?.concurrency ?? DEFAULT_PROVIDER_CONCURRENCY)),
    );
  }
  return gate;
}
