/**
 * @module
 * `@brevdue/plugin-register-serviceplatformen`: custody holders from CPR (SF1520
 * PersonBaseDataExtended) and production units from CVR (SF1530 CVR Online) through
 * Serviceplatformen, SOAP over mutual TLS with the organisation's certificate, with a simulator
 * that speaks the same protocol.
 * @example
 * // brevdue.config.json
 * { "plugins": [{ "package": "@brevdue/plugin-register-serviceplatformen", "config": {
 *   "environment": "production", "cvr": "29189846",
 *   "certificate": { "path": "/etc/brevdue/org.p12", "passphraseEnv": "SP_CERT_PASSPHRASE" },
 *   "userSystemUuid": "…", "userUuid": "…",
 *   "services": { "sf1520": { "serviceAgreementUuid": "…" }, "sf1530": { "serviceAgreementUuid": "…" } } } }] }
 */
import { defineRegister } from '@brevdue/shared/sdk';
import { configSchema } from './config.ts';
import { createServiceplatformenRegister } from './create-serviceplatformen-register.ts';
import { serviceplatformenRegisterSimulator } from './simulator/index.ts';

const plugin = defineRegister({
  name: 'register-serviceplatformen',
  description: 'CPR custody holders (SF1520) and CVR P-units (SF1530) through Serviceplatformen',
  configSchema,
  capabilities: { guardians: true, productionUnits: true },
  create: createServiceplatformenRegister,
  simulator: serviceplatformenRegisterSimulator,
});

export default plugin;
export { configSchema, ENVIRONMENTS, SERVICE_PATHS, SERVICE_UUIDS, type RegisterConfig, type RegisterConfigInput } from './config.ts';
export {
  serviceplatformenRegisterSimulator,
  simulatorConfig,
  type RegisterSimulatorInfo,
  type RunningRegisterSimulator,
} from './simulator/index.ts';
