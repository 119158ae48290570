/**
 * @module
 * The `brevdue` command: how IT runs and manages the platform. Every command works on the same
 * database as the platform (the embedded default included).
 */
import { Command, Option } from 'commander';
import { registerRunCommands } from './run-commands.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { ConfigError } from '../config/load-config.ts';

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

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`brevdue: ${e.message}`);
    process.exit(2);
  }
  console.error(`brevdue: ${(e as Error).message}`);
  process.exit(1);
}
