/**
 * @module
 * The `brevdue` command: how IT runs and manages the platform. Every command works on the same
 * database as the platform (the embedded default included).
 */
import { Command, Option } from 'commander';
import { registerRunCommands } from './run-commands.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerSandboxCommands } from './sandbox-commands.ts';

const program = new Command()
  .name('brevdue')
  .description('Brevdue: send, receive and archive digital post')
  .addOption(new Option('-c, --config <file>', 'config file (default: ./brevdue.config.json or $BREVDUE_CONFIG)'))
  .hook('preAction', (cmd) => {
    const file = cmd.opts<{ config?: string }>().config;
    if (file) process.env.BREVDUE_CONFIG = file;
  });

registerRunCommands(program);
registerAdminCommands(program);
registerSandboxCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // A config error names the field; no stack trace for it (ConfigError, matched by name: load-config is imported lazily).
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'ConfigError') {
    console.error(`brevdue: ${err.message}`);
    process.exit(2);
  }
  console.error(`brevdue: ${err.message}`);
  process.exit(1);
}
