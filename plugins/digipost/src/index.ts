/**
 * @module
 * `@brevdue/plugin-digipost`: Norwegian digital post through Digipost (REST API v8), with print
 * fallback by Posten, and a local simulator of the API.
 * @example
 * // brevdue.config.json
 * { "package": "@brevdue/plugin-digipost", "config": { "brokerId": "123456", "certificatePath": "/etc/brevdue/digipost.p12", "certificatePassphraseEnv": "DIGIPOST_CERT_PASSPHRASE" } }
 */
import { defineProvider } from '@brevdue/shared/sdk';
import { digipostConfigSchema } from './config.ts';
import { createDigipostProvider } from './provider.ts';
import { digipostSimulator } from './simulator/index.ts';

export default defineProvider({
  name: 'digipost',
  description: 'Digipost (Norway): digital mailbox, print fallback by Posten, inkasso/invoice data types',
  configSchema: digipostConfigSchema,
  channels: ['digital', 'print'],
  capabilities: {
    // Digipost's own limit is per document and generous; the platform's NgDP-wide 99.5 MB cap applies.
    maxShipmentBytes: 99_500_000,
    recipientTypes: ['FNR', 'ORGNR'],
    actionCodes: ['BETALING'],
    replies: false,
    deferredSend: false,
    print: { colour: true, duplex: false, letterClasses: ['regular'] },
  },
  create: (config, ctx) => createDigipostProvider(config, ctx),
  simulator: digipostSimulator,
});

export { digipostConfigSchema, type DigipostConfig } from './config.ts';
export { createDigipostProvider } from './provider.ts';
export { digipostSimulator, DEFAULT_IDENTIFICATIONS } from './simulator/index.ts';
/** Makes a self-signed test enterprise certificate as PKCS#12 (for tests and trials, never production). */
export { generateTestCertificate } from './certificate.ts';
