/**
 * @module
 * Loads the enterprise certificate named in the config, refusing start-up with a
 * `PluginConfigError` that names the config field when it cannot be used.
 */
import { readFileSync } from 'node:fs';
import { PluginConfigError } from '@brevdue/shared/sdk';
import { readPkcs12, type LoadedCertificate } from './certificate.ts';
import type { DigipostConfig } from './config.ts';

/**
 * Reads and opens the PKCS#12 file of `config.certificatePath` with the passphrase from the
 * environment variable named by `config.certificatePassphraseEnv`.
 * @throws PluginConfigError naming `certificatePath` or `certificatePassphraseEnv`.
 */
export function loadCertificate(
  plugin: string,
  config: Pick<DigipostConfig, 'certificatePath' | 'certificatePassphraseEnv'>,
  env: NodeJS.ProcessEnv = process.env,
): LoadedCertificate {
  let passphrase = '';
  if (config.certificatePassphraseEnv !== undefined) {
    const v = env[config.certificatePassphraseEnv];
    if (v === undefined) {
      throw new PluginConfigError(
        plugin,
        'certificatePassphraseEnv',
        `environment variable ${config.certificatePassphraseEnv} is not set: set it to the passphrase of ${config.certificatePath}`,
      );
    }
    passphrase = v;
  }
  let der: Buffer;
  try {
    der = readFileSync(config.certificatePath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new PluginConfigError(
      plugin,
      'certificatePath',
      `cannot read the certificate file "${config.certificatePath}" (${code}): point it at the organisation's PKCS#12 (.p12) enterprise certificate`,
    );
  }
  try {
    return readPkcs12(der, passphrase);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const hint = config.certificatePassphraseEnv
      ? `check the file and the passphrase in ${config.certificatePassphraseEnv}`
      : 'the file needs a passphrase: name its environment variable in certificatePassphraseEnv';
    throw new PluginConfigError(plugin, 'certificatePath', `cannot open "${config.certificatePath}": ${why}; ${hint}`);
  }
}
