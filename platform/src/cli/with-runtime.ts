/**
 * @module
 * A runtime for one command: the platform's database, quiet logs, no plugins unless asked. The
 * platform is imported here, when a command runs, so reading the command line stays fast.
 */
import type { Runtime } from '../app/runtime-types.ts';

export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, withPlugins = false): Promise<T> {
  const config = (await import('../config/load-config.ts')).loadConfig();
  const [{ createRuntime }, { createLogger }] = await Promise.all([import('../app/runtime.ts'), import('../log/logger.ts')]);
  const rt = await createRuntime(config, {
    role: 'cli',
    withoutPlugins: !withPlugins,
    logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
