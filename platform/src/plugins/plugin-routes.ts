/**
 * @module
 * `/v1/plugins`: the installed plugins, for the console's Indstillinger (admins, by the policy
 * table). Answers what `brevdue plugins list` prints, never a config value.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { pluginListSchema } from '@brevdue/shared/api';
import type { Runtime } from '../app/runtime-types.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { discoverInstalledPlugins } from './discover-plugins.ts';
import { describePlugins } from './describe-plugins.ts';

/** The plugin routes, to mount at `/v1/plugins`. */
export function pluginRoutes(rt: Pick<Runtime, 'config'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // What is installed changes only with a new deployment: look once per process, not per request.
  let installed: string[] | undefined;
  const installedOnce = () => (installed ??= discoverInstalledPlugins());
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary:
        'Configured plugins: kind, channels, capabilities, routing and whether their config holds (never config values); `installed=true` adds those installed but not configured',
      request: {
        query: z.object({
          installed: z
            .enum(['true', 'false'])
            .default('false')
            .openapi({ description: 'Also the plugin packages installed but not in the config (slower the first time: each is loaded)' }),
        }),
      },
      responses: { 200: json(pluginListSchema, 'Plugins'), ...errors },
    }),
    async (c) => {
      const all = c.req.valid('query').installed === 'true';
      return c.json({ plugins: await describePlugins(rt.config, all ? installedOnce : undefined) }, 200);
    },
  );
  return app;
}
