/**
 * @module
 * `@brevdue/archive-sbsys`: journalises archived letters and receipts in SBSYS, in the party's
 * Brevdue case (found by primary party and title, created from a template when missing).
 * @example
 * // brevdue.config.json
 * { "name": "sbsys", "package": "@brevdue/archive-sbsys", "config": { "baseUrl": "https://sbsys.kommune.dk/sbsysapi",
 *   "tokenUrl": "https://sbsys.kommune.dk/idp/connect/token", "clientId": "brevdue", "clientSecret": "...",
 *   "username": "svc-brevdue", "password": "...", "templateId": 12, "caseworkerId": 34 } }
 */
import { defineArchiveTarget } from '@brevdue/shared/sdk';
import { sbsysConfigSchema } from './config.ts';
import { createSbsysTarget } from './sbsys-target.ts';
import { sbsysSimulator } from './simulator/index.ts';

export { sbsysConfigSchema, type SbsysConfig, type SbsysConfigInput } from './config.ts';
export { createSbsysTarget, documentName, documentMarker, parseDocumentName } from './sbsys-target.ts';
export { sbsysSimulator, sbsysSimulatorSettingsSchema } from './simulator/index.ts';

export default defineArchiveTarget({
  name: 'archive-sbsys',
  description: 'SBSYS (ESDH): party case from template, letter + receipt journalised',
  configSchema: sbsysConfigSchema,
  simulator: sbsysSimulator,
  create: (config, context) => createSbsysTarget(config, context),
});
