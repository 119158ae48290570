/**
 * @module
 * Who may call PostModtag: the Postkomponent, known by its client certificate. The certificate
 * comes from our own TLS listener's socket or, behind a reverse proxy, from the header the proxy
 * sets after verifying it; both are checked here against the configured CA and optional pins.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { PluginConfigError } from '@brevdue/shared/sdk';
import type { Sf1601Config } from '../config.ts';
import { inboundText } from '../messages.ts';
import { InboundRejection } from './inbound-rejection.ts';

/** The trust anchors and pins, read once at start-up. */
export interface ClientTrust {
  caPem: string;
  anchors: X509Certificate[];
  /** Upper-case hex SHA-256 fingerprints without colons; every certificate from the CA when undefined. */
  pins?: Set<string>;
  /** Chain checks already made, per certificate object (a kept-alive connection keeps its object). */
  issued: WeakMap<X509Certificate, boolean>;
}

const normalise = (fp: string) => fp.replace(/:/g, '').toUpperCase();

/**
 * Reads `inbound.caFile` (one or more PEM certificates).
 * @throws PluginConfigError naming `inbound.caFile` when it is missing or holds no certificate.
 */
export function loadClientTrust(plugin: string, inbound: NonNullable<Sf1601Config['inbound']>): ClientTrust {
  let caPem: string;
  let anchors: X509Certificate[];
  try {
    caPem = readFileSync(inbound.caFile, 'utf8');
    anchors = (caPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
    if (anchors.length === 0) throw new Error('no certificate');
  } catch {
    throw new PluginConfigError(plugin, 'inbound.caFile', inboundText.caMissing(inbound.caFile));
  }
  return {
    caPem,
    anchors,
    issued: new WeakMap(),
    ...(inbound.allowedFingerprints ? { pins: new Set(inbound.allowedFingerprints.map(normalise)) } : {}),
  };
}

/**
 * The certificate a reverse proxy passes on: PEM (URL-encoded as nginx's `$ssl_client_escaped_cert`,
 * or with spaces for newlines as some proxies write it) or bare base64 DER.
 */
export function certificateFromHeader(value: string | undefined): X509Certificate | undefined {
  if (!value) return undefined;
  let v = value.includes('%') ? decodeURIComponent(value) : value;
  if (v.includes('-----BEGIN')) {
    const b64 = v.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    v = b64;
  }
  try {
    return new X509Certificate(Buffer.from(v.replace(/\s+/g, ''), 'base64'));
  } catch {
    throw new InboundRejection(403, 'CLIENT_CERTIFICATE_UNTRUSTED', inboundText.certificateUntrusted('unreadable certificate header'));
  }
}

/**
 * Accepts only a current certificate issued by a configured CA (and pinned, when pins are set).
 * @throws InboundRejection 403 CLIENT_CERTIFICATE_REQUIRED / CLIENT_CERTIFICATE_UNTRUSTED.
 */
export function checkClientCertificate(trust: ClientTrust, cert: X509Certificate | undefined, now: Date = new Date()): X509Certificate {
  if (!cert) throw new InboundRejection(403, 'CLIENT_CERTIFICATE_REQUIRED', inboundText.certificateRequired);
  // The signature check is the costly part; its answer never changes for one certificate object.
  let issued = trust.issued.get(cert);
  if (issued === undefined) {
    issued = trust.anchors.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
    trust.issued.set(cert, issued);
  }
  if (!issued)
    throw new InboundRejection(403, 'CLIENT_CERTIFICATE_UNTRUSTED', inboundText.certificateUntrusted('not issued by inbound.caFile'));
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo))
    throw new InboundRejection(403, 'CLIENT_CERTIFICATE_UNTRUSTED', inboundText.certificateUntrusted('expired or not yet valid'));
  if (trust.pins && !trust.pins.has(normalise(cert.fingerprint256)))
    throw new InboundRejection(403, 'CLIENT_CERTIFICATE_UNTRUSTED', inboundText.certificateUntrusted('not in inbound.allowedFingerprints'));
  return cert;
}
