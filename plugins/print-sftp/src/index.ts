/**
 * @module
 * `@brevdue/plugin-print-sftp`: remote print through a print vendor over SFTP. Letters are
 * batched by the vendor's profile (file names, folder or ZIP, index in XML or CSV, drop times),
 * each letter in exactly one drop, and their status read from the vendor's return files.
 * @example
 * // brevdue.config.json
 * { "name": "print", "package": "@brevdue/plugin-print-sftp",
 *   "config": { "profile": "print-profiles/nordprint-xml.json",
 *     "sftp": { "host": "sftp.vendor.dk", "username": "kommune", "privateKeyFile": "/etc/brevdue/vendor_ed25519",
 *               "hostKeySha256": "SHA256:…", "dropDir": "/in", "returnDir": "/out" } } }
 */
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { defineProvider } from '@brevdue/shared/sdk';
import { printSftpConfigSchema } from './config.ts';
import { createPrintSftpProvider } from './print-sftp-provider.ts';
import { printSftpSimulator } from './simulator/index.ts';

const printSftp = defineProvider({
  name: 'print-sftp',
  description: 'Remote print through a print vendor over SFTP (vendor profile: batches, XML/CSV index, return files)',
  configSchema: printSftpConfigSchema,
  channels: ['print'],
  capabilities: {
    maxShipmentBytes: MAX_SHIPMENT_BYTES,
    recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'],
    actionCodes: [],
    replies: false,
    deferredSend: false,
    print: { colour: true, duplex: true, letterClasses: ['quick', 'regular'] },
  },
  simulator: printSftpSimulator,
  create: createPrintSftpProvider,
});

export default printSftp;
export { printSftpConfigSchema, sftpSchema, type PrintSftpConfig, type PrintSftpConfigInput, type LoadedProfile } from './config.ts';
export {
  vendorProfileSchema,
  INDEX_FIELDS,
  RETURN_STATUSES,
  type VendorProfile,
  type VendorProfileInput,
  type IndexField,
  type ReturnStatus,
} from './vendor-profile.ts';
export { createPrintSftpProvider, LETTER_MEDIA_TYPE, type PrintSftpProvider } from './print-sftp-provider.ts';
export { hostKeyFingerprint } from './sftp-connection.ts';
export { renderIndex } from './index-file.ts';
export { readReturnFile, type ReturnRecord } from './return-files.ts';
export { isBatchDue } from './batch-due.ts';
export { printSftpSimulator, type PrintSftpSimulatorInfo } from './simulator/index.ts';
