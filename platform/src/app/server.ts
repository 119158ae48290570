/**
 * @module
 * Starts the HTTP server (and, unless disabled, the workers) on a runtime.
 */
import type { Server as HttpServer } from 'node:http';
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

/**
 * Idle keep-alive connections are kept longer than load balancers keep theirs (Azure's and AWS's
 * idle timeouts are 4 and 1 minute at most by default, nginx's upstream keepalive 60 s): with
 * Node's 5 s the server closes a connection just as the balancer reuses it, and a request fails
 * with a reset. Headers must arrive within a second more than that (Node's advice, so a request
 * on a reused connection is not cut by the headers timer).
 */
const KEEP_ALIVE_MS = 65_000;

export async function startServer(rt: Runtime, opts: { workers?: boolean; port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = createApp(rt);
  const stopWorkers = (opts.workers ?? rt.config.workers.inProcess) ? await startWorkers(rt) : async () => {};
  const port = opts.port ?? rt.config.port;
  const host = opts.host ?? rt.config.host;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    // serve() makes a node:http server unless told to make an HTTP/2 one.
    Object.assign(s as HttpServer, { keepAliveTimeout: KEEP_ALIVE_MS, headersTimeout: KEEP_ALIVE_MS + 1_000 });
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
