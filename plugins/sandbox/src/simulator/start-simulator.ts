/**
 * @module
 * Starts the sandbox simulator as an HTTP server: what `brevdue simulate sandbox --port N`,
 * `brevdue start` (with `simulator` in the config) and the tests call.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { applySettings, defaultSettings, parseSettingsPatch } from './settings.ts';
import { createSimulatorApp } from './simulator-app.ts';
import { SimulatorState } from './simulator-state.ts';

/**
 * Starts a simulator; resolves once it listens.
 * @example
 * const sim = await startSimulator({ port: 4010, dataDir: './data', settings: { failureRate: 0.2 } });
 * console.log(sim.url); // http://127.0.0.1:4010
 * await sim.close();
 * @throws Error naming the setting when `settings` is invalid, or the listen error (port in use).
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const settings = applySettings(defaultSettings(), parseSettingsPatch(options.settings));
  const state = new SimulatorState(settings);
  const app = createSimulatorApp(state);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reached over loopback; say so in the URL a config can use.
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  return {
    url,
    info: { port },
    close: () =>
      new Promise<void>((resolve) => {
        state.close();
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until they time out.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** The sandbox's simulator, as the plugin definition declares it. */
export const sandboxSimulator: Simulator = { start: startSimulator };
