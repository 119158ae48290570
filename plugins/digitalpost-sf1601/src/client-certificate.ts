/**
 * @module
 * The organisation's certificate (PKCS#12): read and opened once at start-up, so a missing file,
 * a missing passphrase or a wrong one refuses start-up with a message naming the config field.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { PluginConfigError } from '@brevdue/shared/sdk';
import type { Sf1601Config } from './config.ts';
import { configText } from './messages.ts';

/** What the HTTPS client and the token request need of the certificate. */
export interface ClientCertificate {
  pfx: Buffer;
  passphrase: string;
  /** The leaf certificate, DER as base64 (the STS request's `UseKey`). */
  certificateBase64: string;
  /** Trust anchors besides the system's (the simulator's test CA). */
  ca?: Buffer;
}

/**
 * Loads the certificate named by the config.
 * @throws PluginConfigError naming `certificate.path`, `certificate.passphraseEnv`,
 *   `certificate.passphraseFile` or `endpoints.caFile`.
 */
export function loadClientCertificate(plugin: string, cfg: Sf1601Config, env: NodeJS.ProcessEnv = process.env): ClientCertificate {
  const c = cfg.certificate;
  let pfx: Buffer;
  try {
    pfx = readFileSync(c.path);
  } catch {
    throw new PluginConfigError(plugin, 'certificate.path', configText.certificateMissing(c.path));
  }
  let passphrase = '';
  let field = 'certificate.path';
  if (c.passphraseEnv) {
    field = 'certificate.passphraseEnv';
    const v = env[c.passphraseEnv];
    if (v === undefined) throw new PluginConfigError(plugin, field, configText.passphraseEnvMissing(c.passphraseEnv));
    passphrase = v;
  } else if (c.passphraseFile) {
    field = 'certificate.passphraseFile';
    try {
      passphrase = readFileSync(c.passphraseFile, 'utf8').trim();
    } catch {
      throw new PluginConfigError(plugin, field, configText.passphraseFileMissing(c.passphraseFile));
    }
  }
  let certificateBase64: string;
  try {
    // Node's TLS opens the file exactly as the HTTPS agent will; forge then finds the leaf certificate.
    createSecureContext({ pfx, passphrase });
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), passphrase);
    const certOid = forge.pki.oids.certBag!;
    const keyOid = forge.pki.oids.pkcs8ShroudedKeyBag!;
    const bags = p12.getBags({ bagType: certOid })[certOid] ?? [];
    const keyBags = p12.getBags({ bagType: keyOid })[keyOid] ?? [];
    const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    const leaf =
      bags.find((b: forge.pkcs12.Bag) => b.cert && key && b.cert.publicKey && (b.cert.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n))
        ?.cert ?? bags[0]?.cert;
    if (!leaf) throw new Error('no certificate in the file');
    certificateBase64 = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(leaf)).getBytes(), 'binary').toString('base64');
  } catch (e) {
    throw new PluginConfigError(plugin, field, configText.certificateUnreadable((e as Error).message));
  }
  let ca: Buffer | undefined;
  if (cfg.endpoints?.caFile) {
    try {
      ca = readFileSync(cfg.endpoints.caFile);
    } catch {
      throw new PluginConfigError(plugin, 'endpoints.caFile', configText.caMissing(cfg.endpoints.caFile));
    }
  }
  return { pfx, passphrase, certificateBase64, ...(ca ? { ca } : {}) };
}
