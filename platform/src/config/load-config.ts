/**
 * @module
 * Reads the config file (`BREVDUE_CONFIG` or `./brevdue.config.json`, optional) and applies
 * environment variables on top; validates with zod. A bad config throws `ConfigError` naming
 * the field, and start-up stops with that message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, type ConfigInput, configSchema } from './config-schema.ts';
import { closestKey, jsonErrorPlace } from './config-hints.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Issue = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] };

/** Formats zod issues as "field: message" lines; an unknown top-level key gets a "did you mean". */
export function formatIssues(issues: readonly Issue[], prefix = ''): string {
  return issues
    .map((i) => {
      const field = [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)';
      if (i.code === 'unrecognized_keys' && i.keys && i.path.length === 0 && !prefix) {
        return i.keys
          .map((k) => {
            const hint = closestKey(k, Object.keys(configSchema.shape));
            return `${k}: unknown setting${hint ? ` (did you mean "${hint}"?)` : ''}`;
          })
          .join('\n');
      }
      return `${field}: ${i.message}`;
    })
    .join('\n');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sign-in out of the box: the sandbox's own OpenID provider on a free port, its test users. */
export const SANDBOX_IDENTITY = {
  issuer: 'http://127.0.0.1',
  clientId: 'brevdue-web',
  audience: 'api://brevdue',
  apiScope: 'api://brevdue/access_as_user',
  sandboxIdp: { enabled: true, port: 0 },
};

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Config object to use instead of a file (tests). */
  override?: ConfigInput;
  cwd?: string;
}

/**
 * Loads and validates the configuration.
 * @throws ConfigError naming the file and field that is wrong.
 */
export function loadConfig(opts: LoadConfigOptions = {}): Config & { configFile?: string } {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let raw: Record<string, unknown> = {};
  let configFile: string | undefined;
  if (opts.override) raw = { ...opts.override };
  else {
    const explicit = env.BREVDUE_CONFIG;
    const path = resolve(cwd, explicit ?? 'brevdue.config.json');
    if (explicit && !existsSync(path)) throw new ConfigError(`BREVDUE_CONFIG: file ${path} does not exist`);
    if (existsSync(path)) {
      configFile = path;
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
        raw = JSON.parse(text) as Record<string, unknown>;
      } catch (e) {
        const place = jsonErrorPlace(text, e as Error);
        throw new ConfigError(`${path}${place ? `, ${place}` : ''}: not valid JSON (${(e as Error).message})`);
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${path}: must hold a JSON object`);
    }
  }
  // Out of the box (no plugins configured) the sandbox provider serves every recipient.
  if (raw.plugins === undefined && raw.routing === undefined) {
    raw.plugins = [
      { package: '@brevdue/plugin-sandbox', config: { url: 'http://127.0.0.1:4010' }, simulator: { port: 4010 } },
      // Custody holders (guardian copies) and P-units from the sandbox's table of test persons.
      { package: '@brevdue/plugin-sandbox/register', config: {} },
    ];
    raw.routing = [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }];
    // …and staff sign in at the sandbox's own OpenID provider with its test users.
    raw.identity ??= SANDBOX_IDENTITY;
  }
  // Environment wins over the file.
  if (env.PORT) raw.port = env.PORT;
  if (env.BREVDUE_DATA_DIR) raw.dataDir = env.BREVDUE_DATA_DIR;
  if (env.DATABASE_URL) raw.databaseUrl = env.DATABASE_URL;
  if (env.BREVDUE_BOOTSTRAP_TOKEN) raw.bootstrapToken = env.BREVDUE_BOOTSTRAP_TOKEN;
  if (env.BREVDUE_PUBLIC_URL) raw.publicUrl = env.BREVDUE_PUBLIC_URL;
  if (env.LOG_LEVEL) raw.logLevel = env.LOG_LEVEL;
  if (isObject(raw.identity)) {
    const identity: Record<string, unknown> = { ...raw.identity };
    if (env.BREVDUE_OIDC_CLIENT_SECRET) identity.clientSecret = env.BREVDUE_OIDC_CLIENT_SECRET;
    if (env.BREVDUE_SANDBOX_PASSWORD)
      identity.sandboxIdp = { ...(isObject(identity.sandboxIdp) ? identity.sandboxIdp : {}), password: env.BREVDUE_SANDBOX_PASSWORD };
    raw.identity = identity;
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration${configFile ? ` in ${configFile}` : ''}:\n${formatIssues(parsed.error.issues)}`);
  }
  const config = parsed.data;
  // Relative paths (the data dir, certificate paths in plugin configs) are relative to the
  // working directory, all of them, so an example config works from the repository root.
  config.dataDir = resolve(cwd, config.dataDir);
  const names = new Set<string>();
  config.plugins.forEach((p, i) => {
    const n = p.name ?? '';
    if (n && names.has(n)) throw new ConfigError(`invalid configuration: plugins.${i}.name: "${n}" is used twice`);
    names.add(n);
  });
  return { ...config, configFile };
}
