/**
 * @module
 * The sandbox's register, loaded by package name as the platform loads every plugin (the
 * platform never imports a plugin's files), for tests of the code that asks registers.
 */
import type { RegisterDefinition } from '@brevdue/shared/sdk';
import { loadPluginDefinition } from '../../src/plugins/load-plugin.ts';

export async function loadSandboxRegister(): Promise<RegisterDefinition> {
  const def = await loadPluginDefinition('@brevdue/plugin-sandbox/register');
  if (def.kind !== 'register') throw new Error('@brevdue/plugin-sandbox/register is not a register');
  return def;
}
