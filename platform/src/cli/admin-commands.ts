/**
 * @module
 * `brevdue token create|list|revoke`, `brevdue plugins list`, `brevdue config check`, `brevdue audit verify`.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { ROLES, createApiToken, ensureOrganisation, listApiTokens, revokeApiToken } from '../auth/api-tokens.ts';
import type { Role } from '../db/schema.ts';
import { registerArchiveCommands } from './archive-commands.ts';
import { withRuntime } from './with-runtime.ts';
import { cliMessages } from './cli-messages.ts';

/** The plugin host, imported when a command needs it (not to read the command line). */
const pluginHost = async () => {
  const [{ loadPluginDefinition }, { parsePluginConfig }, { discoverInstalledPlugins }] = await Promise.all([
    import('../plugins/load-plugin.ts'),
    import('../plugins/plugin-host.ts'),
    import('../plugins/discover-plugins.ts'),
  ]);
  return { loadPluginDefinition, parsePluginConfig, discoverInstalledPlugins };
};
const writeAudit: typeof import('../audit/write-audit.ts').writeAudit = async (...args) =>
  (await import('../audit/write-audit.ts')).writeAudit(...args);

export function registerAdminCommands(program: Command): void {
  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token for an organisation (created if missing); the token is printed once')
    .requiredOption('--org <slug>', 'organisation slug')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('sender'))
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--org-name <name>', 'name of a new organisation')
    .option('--cvr <cvr>', 'CVR of a new organisation')
    .action(async (opts: { org: string; role: Role; name: string; orgName?: string; cvr?: string }) => {
      await withRuntime(async (rt) => {
        const orgId = await ensureOrganisation(rt.db, { slug: opts.org, name: opts.orgName ?? opts.org, cvr: opts.cvr });
        const t = await createApiToken(rt.db, { organisationId: orgId, role: opts.role, name: opts.name });
        await writeAudit(rt.db, {
          organisationId: orgId,
          actor: 'cli',
          action: 'token.create',
          subjectType: 'token',
          subjectId: t.id,
          details: { role: opts.role },
        });
        console.log(t.token);
      });
    });
  token
    .command('list')
    .description("an organisation's API tokens (never their secrets)")
    .requiredOption('--org <slug>', 'organisation slug')
    .action(async (opts: { org: string }) => {
      await withRuntime(async (rt) => {
        const org = await rt.db.selectFrom('organisations').select('id').where('slug', '=', opts.org).executeTakeFirst();
        if (!org) throw new Error(`--org: no organisation "${opts.org}"`);
        for (const t of await listApiTokens(rt.db, org.id)) {
          console.log(
            [
              t.id,
              t.prefix + '…',
              t.role,
              t.team ?? '-',
              t.name,
              t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`,
            ].join('  '),
          );
        }
      });
    });
  token
    .command('revoke <id>')
    .description('revoke a token: refused from the next request on, in every process (also retires the bootstrap token)')
    .requiredOption('--org <slug>', 'organisation slug')
    .action(async (id: string, opts: { org: string }) => {
      await withRuntime(async (rt) => {
        const org = await rt.db.selectFrom('organisations').select('id').where('slug', '=', opts.org).executeTakeFirst();
        if (!org) throw new Error(`--org: no organisation "${opts.org}"`);
        if (!(await revokeApiToken(rt.db, org.id, id))) throw new Error(`no live token ${id} in ${opts.org}`);
        await writeAudit(rt.db, { organisationId: org.id, actor: 'cli', action: 'token.revoke', subjectType: 'api_token', subjectId: id });
        console.log(`revoked ${id}`);
      });
    });

  program
    .command('plugins')
    .description('plugins')
    .command('list')
    .description('installed plugins (configured, and installed but not configured): kind, channels and whether their config is valid')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const config = (await import('../config/load-config.ts')).loadConfig();
      const { loadPluginDefinition, parsePluginConfig, discoverInstalledPlugins } = await pluginHost();
      const rows: Record<string, unknown>[] = [];
      for (const [i, entry] of config.plugins.entries()) {
        try {
          const def = await loadPluginDefinition(entry.package);
          let configValid = 'ok';
          try {
            parsePluginConfig(entry, i, def);
          } catch (e) {
            configValid = (e as Error).message;
          }
          rows.push({
            name: entry.name ?? def.name,
            package: entry.package,
            kind: def.kind,
            channels: def.kind === 'provider' ? def.channels.join(',') : '-',
            config: configValid,
          });
        } catch (e) {
          rows.push({ name: entry.name ?? '?', package: entry.package, kind: '?', channels: '-', config: (e as Error).message });
        }
      }
      const configured = new Set(config.plugins.map((p) => p.package));
      for (const pkg of discoverInstalledPlugins()) {
        if (configured.has(pkg)) continue;
        try {
          const def = await loadPluginDefinition(pkg);
          rows.push({
            name: def.name,
            package: pkg,
            kind: def.kind,
            channels: def.kind === 'provider' ? def.channels.join(',') : '-',
            config: 'not configured',
          });
        } catch (e) {
          rows.push({ name: '?', package: pkg, kind: '?', channels: '-', config: (e as Error).message });
        }
      }
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) console.log(cliMessages().noPlugins);
      else
        for (const r of rows)
          console.log(
            `${String(r.name).padEnd(22)} ${String(r.kind).padEnd(9)} ${String(r.channels).padEnd(18)} ${r.package}  config: ${r.config}`,
          );
      if (rows.some((r) => r.config !== 'ok' && r.config !== 'not configured')) process.exit(1);
    });

  program
    .command('config')
    .description('configuration')
    .command('check')
    .description('validate the config and every plugin config without starting anything')
    .action(async () => {
      const config = (await import('../config/load-config.ts')).loadConfig();
      const { loadPluginDefinition, parsePluginConfig } = await pluginHost();
      const problems: string[] = [];
      const providers = new Map<string, string[]>();
      for (const [i, entry] of config.plugins.entries()) {
        try {
          const def = await loadPluginDefinition(entry.package);
          parsePluginConfig(entry, i, def);
          if (def.kind === 'provider') providers.set(entry.name ?? def.name, [...def.channels]);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      config.routing.forEach((r, i) => {
        const ch = providers.get(r.provider);
        if (!ch) problems.push(`routing.${i}.provider: no provider plugin named "${r.provider}"`);
        else
          r.channels
            .filter((c) => !ch.includes(c))
            .forEach((c) => problems.push(`routing.${i}.channels: provider "${r.provider}" has no ${c} channel`));
      });
      if (problems.length) {
        console.error(problems.join('\n'));
        process.exit(2);
      } else console.log(cliMessages().configValid(config.configFile));
    });

  registerArchiveCommands(program);
}
