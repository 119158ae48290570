/**
 * @module
 * The organisation's certificate (PKCS#12), read and opened once at start-up: a missing file, a
 * missing passphrase or a wrong one refuses start-up with a message naming the config field.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { PluginConfigError } from '@brevdue/shared/sdk';
import type { RegisterConfig } from './config.ts';
import type { Messages } from './messages.ts';

/** What the HTTPS agent needs for mutual TLS. */
export interface ClientCertificate {
  pfx: Buffer;
  passphrase: string;
  /** Trust anchors besides the system's (the simulator's test CA). */
  ca?: Buffer;
}

/**
 * Loads and opens the certificate named by the config.
 * @example const cert = loadClientCertificate('register-serviceplatformen', config, text);
 * @throws PluginConfigError naming `certificate.path`, `certificate.passphraseEnv`,
 *   `certificate.passphraseFile` or `endpoints.caFile`.
 */
export function loadClientCertificate(
  plugin: string,
  cfg: RegisterConfig,
  text: Messages,
  env: NodeJS.ProcessEnv = process.env,
): ClientCertificate {
  const c = cfg.certificate;
  let pfx: Buffer;
  try {
    pfx = readFileSync(c.path);
  } catch {
    throw new PluginConfigError(plugin, 'certificate.path', text.certificateMissing(c.path));
  }
  let passphrase = '';
  let field = 'certificate.path';
  if (c.passphraseEnv) {
    field = 'certificate.passphraseEnv';
    const v = env[c.passphraseEnv];
    if (v === undefined) throw new PluginConfigError(plugin, field, text.passphraseEnvMissing(c.passphraseEnv));
    passphrase = v;
  } else if (c.passphraseFile) {
    field = 'certificate.passphraseFile';
    try {
      passphrase = readFileSync(c.passphraseFile, 'utf8').trim();
    } catch {
      throw new PluginConfigError(plugin, field, text.passphraseFileMissing(c.passphraseFile));
    }
  }
  try {
    // Opened here exactly as the HTTPS agent will open it, so a bad file fails at start-up, not at the first look-up.
    createSecureContext({ pfx, passphrase });
  } catch (e) {
    throw new PluginConfigError(plugin, field, text.certificateUnreadable((e as Error).message));
  }
  let ca: Buffer | undefined;
  if (cfg.endpoints?.caFile) {
    try {
      ca = readFileSync(cfg.endpoints.caFile);
    } catch {
      throw new PluginConfigError(plugin, 'endpoints.caFile', text.caMissing(cfg.endpoints.caFile));
    }
  }
  return { pfx, passphrase, ...(ca ? { ca } : {}) };
}
