/**
 * @module
 * `@brevdue/plugin-sandbox/register`: a register plugin answering custody holders (CPR) and
 * production units (CVR) from a table of made-up persons and companies, so guardian copies and
 * P-numbers can be tried without access to CPR or CVR. The table is in plugins/sandbox/README.md.
 * @example
 * // brevdue.config.json
 * { "plugins": [{ "package": "@brevdue/plugin-sandbox/register", "config": { "language": "da" } }] }
 */
import { defineRegister } from '@brevdue/shared/sdk';
import { sandboxRegisterConfigSchema } from './config.ts';
import { createSandboxRegister } from './create-sandbox-register.ts';

/** The sandbox register plugin. */
const sandboxRegister = defineRegister({
  name: 'sandbox-register',
  description: 'Sandbox register: custody holders and P-units from a table of test persons and companies',
  configSchema: sandboxRegisterConfigSchema,
  capabilities: { guardians: true, productionUnits: true },
  create: createSandboxRegister,
});

export default sandboxRegister;
export { sandboxRegisterConfigSchema, type SandboxRegisterConfig } from './config.ts';
export { createSandboxRegister, sandboxRegisterTable } from './create-sandbox-register.ts';
export { SANDBOX_COMPANIES, SANDBOX_PERSONS, type SandboxCompany, type SandboxPerson } from './register-table.ts';
