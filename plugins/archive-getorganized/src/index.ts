/**
 * @module
 * `@brevdue/archive-getorganized`: files archived letters and receipts in GetOrganized, in the
 * party's case (found by CPR/CVR, created when missing).
 * @example
 * // brevdue.config.json
 * { "name": "getorganized", "package": "@brevdue/archive-getorganized",
 *   "config": { "baseUrl": "https://go.kommune.dk", "username": "svc-brevdue", "password": "..." } }
 */
import { defineArchiveTarget } from '@brevdue/shared/sdk';
import { getOrganizedConfigSchema } from './config.ts';
import { createGetOrganizedTarget } from './getorganized-target.ts';
import { getOrganizedSimulator } from './simulator/index.ts';

export { getOrganizedConfigSchema, type GetOrganizedConfig, type GetOrganizedConfigInput } from './config.ts';
export { createGetOrganizedTarget, documentFileName, parseDocumentFileName } from './getorganized-target.ts';
export { getOrganizedSimulator, goSimulatorSettingsSchema } from './simulator/index.ts';

export default defineArchiveTarget({
  name: 'archive-getorganized',
  description: 'GetOrganized (ESDH): party case by CPR/CVR, letter + receipt related and finalised',
  configSchema: getOrganizedConfigSchema,
  simulator: getOrganizedSimulator,
  create: (config, context) => createGetOrganizedTarget(config, context),
});
