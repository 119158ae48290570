/**
 * @module
 * `@brevdue/archive-ludus`: drops archived letters, receipts and a metadata file per student CPR
 * into a folder (or onto an SFTP server) LUDUS imports from. The format is documented in README.md.
 * @example
 * // brevdue.config.json
 * { "name": "ludus", "package": "@brevdue/archive-ludus", "config": { "dropDir": "/mnt/ludus-import" } }
 */
import { defineArchiveTarget } from '@brevdue/shared/sdk';
import { ludusConfigSchema } from './config.ts';
import { createLudusTarget } from './ludus-target.ts';
import { ludusSimulator } from './simulator/index.ts';

export { ludusConfigSchema, ludusSftpSchema, type LudusConfig, type LudusConfigInput } from './config.ts';
export { hostKeyFingerprint } from './sftp-store.ts';
export type { DropSession, DropStore } from './drop-store.ts';
export { createLudusTarget, type LudusHooks } from './ludus-target.ts';
export { LUDUS_FORMAT_VERSION, ludusFileName, ludusMetadataSchema, recordFolderName, type LudusMetadata } from './ludus-metadata.ts';
export { ludusSimulator, scanDropDir, type LudusScannedRecord } from './simulator/index.ts';

export default defineArchiveTarget({
  name: 'archive-ludus',
  description: 'LUDUS (EG): folder or SFTP drop per student CPR with letter, receipt and metadata.json, written atomically',
  configSchema: ludusConfigSchema,
  simulator: ludusSimulator,
  create: (config, context) => createLudusTarget(config, context),
});
