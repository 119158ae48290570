/**
 * @module
 * `@brevdue/plugin-sandbox`: a provider for digital post, print and SMS whose remote is a
 * local simulator, so the platform works out of the box and every path (duplicates, lost
 * answers, callbacks, print fallback) can be tried without credentials.
 */
import { ACTION_CODES, CHANNELS, ID_TYPES, MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { defineProvider } from '@brevdue/shared/sdk';
import { sandboxConfigSchema } from './config.ts';
import { createSandboxProvider } from './provider/create-sandbox-provider.ts';
import { sandboxSimulator } from './simulator/start-simulator.ts';

/**
 * The sandbox provider plugin.
 * @example
 * // brevdue.config.json
 * { "plugins": [{ "package": "@brevdue/plugin-sandbox", "config": { "url": "http://127.0.0.1:4010" }, "simulator": { "port": 4010 } }] }
 */
const sandbox = defineProvider({
  name: 'sandbox',
  description: 'Sandbox: digital post, print and SMS against a local simulator (no credentials needed)',
  configSchema: sandboxConfigSchema,
  channels: CHANNELS,
  capabilities: {
    maxShipmentBytes: MAX_SHIPMENT_BYTES,
    recipientTypes: ID_TYPES,
    actionCodes: ACTION_CODES,
    replies: true,
    deferredSend: true,
    print: { colour: true, duplex: true, letterClasses: ['quick', 'regular'] },
    // The simulator runs beside the platform and answers as fast as it is asked.
    concurrency: 500,
  },
  simulator: sandboxSimulator,
  create: createSandboxProvider,
});

export default sandbox;
export { sandboxConfigSchema, DEFAULT_SIMULATOR_URL } from './config.ts';
export type { SandboxConfig } from './config.ts';
export { startSimulator } from './simulator/start-simulator.ts';
export { DEFAULT_REGISTRATIONS } from './simulator/settings.ts';
export type { Settings as SimulatorSettings, SettingsPatch as SimulatorSettingsPatch } from './simulator/settings.ts';
export { signCallback, verifyCallback } from './signature.ts';
export { SIGNATURE_HEADER } from './protocol.ts';
