/**
 * @module
 * `GET /v1/plugins`: the installed plugins as an admin sees them — kind, channels, what they can
 * do, where routing sends letters, and whether their config holds. Never a config value: those
 * hold passwords and keys.
 */
import { z } from 'zod';

export const PLUGIN_KINDS = ['provider', 'archive', 'register'] as const;

export const pluginConfigStatusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok') }),
  z.object({
    status: z.literal('invalid'),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).meta({
      description: 'What is wrong, by field (`plugins.0.config.url`); the values themselves are never shown',
    }),
  }),
  z.object({ status: z.literal('not_configured') }),
  z.object({ status: z.literal('unloadable'), message: z.string() }),
]);
export type PluginConfigStatus = z.infer<typeof pluginConfigStatusSchema>;

export const pluginSchema = z
  .object({
    name: z.string(),
    package: z.string(),
    kind: z.enum(PLUGIN_KINDS).nullable().meta({ description: 'null when the package could not be loaded' }),
    description: z.string().nullable(),
    channels: z.array(z.string()).meta({ description: "A provider's channels: digital, print, sms" }),
    capabilities: z
      .array(z.string())
      .meta({ description: 'What it can do, as short codes: replies, receives, deferred-send, guardians …' }),
    recipientTypes: z.array(z.string()),
    routes: z
      .array(z.object({ recipientTypes: z.array(z.string()), channels: z.array(z.string()) }))
      .meta({ description: 'The routing entries that send letters to this provider' }),
    simulator: z.boolean().meta({ description: 'Whether the platform runs its simulator' }),
    config: pluginConfigStatusSchema,
  })
  .meta({ id: 'Plugin' });
export type PluginView = z.infer<typeof pluginSchema>;

export const pluginListSchema = z.object({ plugins: z.array(pluginSchema) });
export type PluginList = z.infer<typeof pluginListSchema>;
