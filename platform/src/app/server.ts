/**
 * @module
 * Starts the HTTP server (and, unless disabled, the workers) on a runtime.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './create-app.ts';
import { ConfigError } from '../config/load-config.ts';
import { startWorkers } from './start-workers.ts';
import type { Runtime } from './runtime-types.ts';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(rt: Runtime, opts: { workers?: boolean; port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = createApp(rt);
  const stopWorkers = (opts.workers ?? rt.config.workers.inProcess) ? await startWorkers(rt) : async () => {};
  const port = opts.port ?? rt.config.port;
  const host = opts.host ?? rt.config.host;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) => {
      void stopWorkers();
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES'
          ? new ConfigError(
              `port: ${host}:${port} ${e.code === 'EADDRINUSE' ? 'is in use' : 'may not be used by this user'}; set PORT (or "port" in the config) to another, or stop what uses it`,
            )
          : e,
      );
    });
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: async () => {
      await stopWorkers();
      await new Promise<void>((r) => {
        server.close(() => r());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
