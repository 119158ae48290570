/**
 * @module
 * The GetOrganized simulator: a local stand-in that speaks GetOrganized's `_goapi` JSON and the
 * SharePoint file listing, for the sandbox, tests and `brevdue simulate archive-getorganized`.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { z } from 'zod';
import { Faults, faultSettingsSchema } from '@brevdue/shared/simulator';
import { goSimulatorApp } from './routes.ts';
import { GoStore } from './store.ts';

/** The simulator's settings (`simulator.settings` in the platform config). */
export const goSimulatorSettingsSchema = faultSettingsSchema.extend({
  username: z.string().default('brevdue'),
  password: z.string().default('brevdue-sim'),
  /** Sign-in the simulator requires: NTLM as GetOrganized's IIS (default), or HTTP Basic. */
  auth: z.enum(['ntlm', 'basic']).default('ntlm'),
  /** The service account's Windows domain (NTLM). */
  domain: z.string().default('KOMMUNE'),
  caseTypePrefixes: z.array(z.string()).default(['BOR', 'GEO']),
  /** Keep cases and documents in `<dataDir>/getorganized-state.json` across restarts. */
  persist: z.boolean().default(true),
});

/**
 * Starts the simulator.
 * @example const sim = await getOrganizedSimulator.start({ port: 0, dataDir: '/tmp/go' }); // sim.url
 * @throws ZodError when settings are malformed.
 */
export const getOrganizedSimulator: Simulator = {
  async start(options: SimulatorOptions): Promise<RunningSimulator> {
    const s = goSimulatorSettingsSchema.parse(options.settings ?? {});
    const store = new GoStore(s.caseTypePrefixes, s.persist ? join(options.dataDir, 'getorganized-state.json') : undefined);
    const app = goSimulatorApp({
      username: s.username,
      password: s.password,
      auth: s.auth,
      domain: s.domain,
      store,
      faults: new Faults(s),
    });
    const host = options.host ?? '127.0.0.1';
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(srv));
    });
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://${host}:${port}`,
      info: { username: s.username, password: s.password, domain: s.domain, auth: s.auth },
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          // Kept-alive client sockets would otherwise hold the port and be reused after a restart.
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    };
  },
};
