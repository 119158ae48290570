/**
 * @module
 * Loads a plugin package by name and checks that it is one: a default export made with
 * `defineProvider` / `defineArchiveTarget` for this SDK version. The refusal names the plugin.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type PluginDefinition, SDK_VERSION } from '@brevdue/shared/sdk';

export class PluginLoadError extends Error {
  constructor(pkg: string, message: string) {
    super(`plugin package "${pkg}": ${message}`);
    this.name = 'PluginLoadError';
  }
}

async function importPackage(pkg: string): Promise<unknown> {
  try {
    return await import(pkg);
  } catch (first) {
    // Installed next to the deployment rather than next to the platform package.
    try {
      const resolved = createRequire(join(process.cwd(), 'package.json')).resolve(pkg);
      return await import(pathToFileURL(resolved).href);
    } catch {
      const code = (first as NodeJS.ErrnoException).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new PluginLoadError(pkg, `is not installed. Install it with: npm install ${pkg}`);
      }
      throw new PluginLoadError(pkg, `failed to load: ${(first as Error).message}`);
    }
  }
}

/**
 * Imports a plugin package and validates its definition.
 * @throws PluginLoadError when the package is missing or is not a Brevdue plugin.
 */
export async function loadPluginDefinition(pkg: string): Promise<PluginDefinition> {
  const mod = (await importPackage(pkg)) as { default?: unknown };
  const def = mod.default as Partial<PluginDefinition> | undefined;
  if (!def || typeof def !== 'object')
    throw new PluginLoadError(
      pkg,
      'has no default export; export default defineProvider({...}), defineArchiveTarget({...}) or defineRegister({...})',
    );
  if (def.kind !== 'provider' && def.kind !== 'archive' && def.kind !== 'register') {
    throw new PluginLoadError(pkg, `kind must be "provider", "archive" or "register", got ${JSON.stringify(def.kind)}`);
  }
  if (def.sdkVersion !== SDK_VERSION)
    throw new PluginLoadError(pkg, `is built for SDK version ${String(def.sdkVersion)}, this platform speaks ${SDK_VERSION}`);
  if (typeof def.create !== 'function') throw new PluginLoadError(pkg, 'create is not a function');
  if (!def.configSchema || typeof (def.configSchema as { safeParse?: unknown }).safeParse !== 'function')
    throw new PluginLoadError(pkg, 'configSchema is not a zod schema');
  return def as PluginDefinition;
}
