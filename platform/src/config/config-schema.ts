/**
 * @module
 * The platform's configuration: `brevdue.config.json` (or the file in `BREVDUE_CONFIG`) plus
 * environment variables. A bad config stops start-up with a message naming the field.
 */
import { z } from 'zod';
import { CHANNELS, ID_TYPES, postalAddressSchema } from '@brevdue/shared';
import { identityConfigSchema } from '../identity/oidc-config.ts';
import { auditConfigSchema } from '../audit/audit-config.ts';
import { blobSweepConfigSchema } from '../blob/blob-sweep-config.ts';
import { blobStoreConfigSchema } from '../blob/blob-store-config.ts';
import { documentsConfigSchema } from '../documents/document-limits-config.ts';
import { webhookConfigSchema } from '../webhooks/webhook-config.ts';

export const pluginEntrySchema = z.object({
  /** Instance name (used in routing and URLs); defaults to the plugin's own name. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,40}$/, 'name must be kebab-case')
    .optional(),
  /** npm package name the plugin is installed under. */
  package: z.string().min(1),
  /** The plugin's own config, validated by the plugin's schema. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Start the plugin's simulator inside `brevdue start` on this port (sandbox and trials). */
  simulator: z.object({ port: z.number().int().min(0).max(65535), settings: z.record(z.string(), z.unknown()).default({}) }).optional(),
  /** Archive targets: export every new archive record automatically. */
  autoExport: z.boolean().default(true),
  /** Providers: sends in flight per process to this remote (its agreed limit); default the plugin's own, else 100. */
  concurrency: z.number().int('concurrency must be a whole number of sends').min(1).max(10_000).optional(),
});
export type PluginEntry = z.infer<typeof pluginEntrySchema>;

export const routeSchema = z.object({
  recipientTypes: z.array(z.enum(ID_TYPES)).min(1),
  channels: z.array(z.enum(CHANNELS)).min(1),
  /** Provider instance name from `plugins`. */
  provider: z.string().min(1),
});

export const organisationSeedSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'slug must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  cvr: z.string().optional(),
  orgnr: z.string().optional(),
  contactPoint: z.string().optional(),
  returnAddress: postalAddressSchema.optional(),
});

export const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(3000),
    host: z.string().default('0.0.0.0'),
    /** Base URL users and remotes reach the platform at (callbacks, manifests). */
    publicUrl: z.string().url().optional(),
    dataDir: z.string().default('./data'),
    /** External PostgreSQL; absent → embedded PostgreSQL under `<dataDir>/postgres`. */
    databaseUrl: z.string().optional(),
    /** Names the embedded PostgreSQL's Unix socket (it has no TCP port); by default one derived from the data dir. */
    embeddedPostgresPort: z.number().int().min(1).max(65535).optional(),
    bootstrapToken: z.string().min(20, 'bootstrapToken must be at least 20 characters').optional(),
    /** The organisation a fresh install (and the bootstrap token) belongs to. */
    defaultOrganisation: organisationSeedSchema.default({
      slug: 'demo',
      name: 'Demo Kommune',
      cvr: '29189846',
      contactPoint: 'Borgerservice',
    }),
    plugins: z.array(pluginEntrySchema).default([]),
    routing: z.array(routeSchema).default([]),
    workers: z
      .object({
        /** Run dispatch workers in the API process (`brevdue start`). */
        inProcess: z.boolean().default(true),
        /**
         * Letters in hand per process; by default enough for every provider's `concurrency` (at
         * most 1,000), so each remote's own limit is what bounds the sends in flight.
         */
        concurrency: z.number().int().min(1).max(1000).optional(),
        /** How often submitted letters are polled for status (seconds). */
        pollIntervalSeconds: z.number().int().min(1).default(30),
      })
      .strict()
      .default({ inProcess: true, pollIntervalSeconds: 30 }),
    queue: z
      .object({
        /**
         * A job whose process died is handed out again after this long. Fixed when the job is
         * enqueued, by the process that enqueues it (the API for letters): give every process
         * the same value.
         */
        expireInSeconds: z.number().int().min(1).default(60),
        /** How often the queue looks for expired jobs. */
        maintenanceIntervalSeconds: z.number().int().min(1).default(30),
      })
      .strict()
      .default({ expireInSeconds: 60, maintenanceIntervalSeconds: 30 }),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Staff sign-in with OpenID Connect (Entra ID, any standard provider, or the sandbox's own). */
    identity: identityConfigSchema.optional(),
    /** Behind a reverse proxy: take the client's address from X-Forwarded-For (audit, throttling). */
    trustProxy: z.boolean().default(false),
    /** Where blobs above the inline limit live: files under `<dataDir>/blobs` (default), S3 or Azure. */
    blobStore: blobStoreConfigSchema.default({ kind: 'disk' }),
    /** Removal of blobs no row names, after a grace period. */
    blobSweep: blobSweepConfigSchema,
    /** Signed checkpoints of the audit chain. */
    audit: auditConfigSchema,
    /** Limits on uploaded documents (pages, inflated size, time, conversion memory) and active content. */
    documents: documentsConfigSchema,
    /** Where webhooks may be sent: https to public addresses unless allowed here. */
    webhooks: webhookConfigSchema.default({ allowHttp: false, allowList: [] }),
    http: z
      .object({
        /** Largest JSON request body in bytes (2 MB holds 10,000 recipients); document uploads have their own limit. */
        jsonBodyLimit: z
          .number()
          .int()
          .min(1024)
          .default(2 * 1024 * 1024),
      })
      .default({ jsonBodyLimit: 2 * 1024 * 1024 }),
  })
  // A misspelt key ("prot") is refused, not silently ignored.
  .strict();
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
