/**
 * @module
 * The SBSYS simulator: a local stand-in for SBSYS' web API and its OAuth2 token endpoint, for
 * the sandbox, tests and `brevdue simulate archive-sbsys`.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { z } from 'zod';
import { Faults, faultSettingsSchema } from '@brevdue/shared/simulator';
import { sbsysSimulatorApp } from './routes.ts';
import { SbsysStore } from './store.ts';

/** The simulator's settings (`simulator.settings` in the platform config). */
export const sbsysSimulatorSettingsSchema = faultSettingsSchema.extend({
  clientId: z.string().default('brevdue'),
  clientSecret: z.string().default('brevdue-secret'),
  username: z.string().default('svc-brevdue'),
  password: z.string().default('brevdue-sim'),
  /** Case templates (SkabelonId) that exist. */
  templates: z.array(z.number().int()).default([1]),
  /** Users (SagsBehandlerID) that exist. */
  caseworkers: z.array(z.number().int()).default([1]),
  /** CPR numbers (10 digits) the simulated CPR register does not know. */
  unknownCprs: z.array(z.string()).default([]),
  tokenTtlSeconds: z.number().int().min(1).default(300),
  maxUploadBytes: z
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  /** Keep parties, cases and documents in `<dataDir>/sbsys-state.json` across restarts. */
  persist: z.boolean().default(true),
});

/**
 * Starts the simulator. `info.tokenUrl` is the token endpoint to configure.
 * @example const sim = await sbsysSimulator.start({ port: 0, dataDir: '/tmp/sbsys' }); // sim.url, sim.info.tokenUrl
 * @throws ZodError when settings are malformed.
 */
export const sbsysSimulator: Simulator = {
  async start(options: SimulatorOptions): Promise<RunningSimulator> {
    const s = sbsysSimulatorSettingsSchema.parse(options.settings ?? {});
    const app = sbsysSimulatorApp({
      ...s,
      store: new SbsysStore(new Set(s.unknownCprs), s.persist ? join(options.dataDir, 'sbsys-state.json') : undefined),
      faults: new Faults(s),
    });
    const host = options.host ?? '127.0.0.1';
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(srv));
    });
    const url = `http://${host}:${(server.address() as AddressInfo).port}`;
    return {
      url,
      info: { tokenUrl: `${url}/token`, clientId: s.clientId, clientSecret: s.clientSecret, username: s.username, password: s.password },
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          // Kept-alive client sockets would otherwise hold the port and be reused after a restart.
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    };
  },
};
