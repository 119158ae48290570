/**
 * @module
 * The sandbox register: answers custody holders and production units from its table, in memory,
 * the way a real register answers (unknown → `NOT_FOUND`, malformed → `INVALID_ID`, custody ends
 * at 18, ceased units left out, no address for a protected person).
 */
import { cprAge, isValidCpr, isValidCvr, normaliseCpr } from '@brevdue/shared';
import {
  PluginConfigError,
  registerError,
  type Guardian,
  type PluginContext,
  type ProductionUnit,
  type Register,
} from '@brevdue/shared/sdk';
import type { SandboxRegisterConfig } from './config.ts';
import { registerMessages } from './messages.ts';
import {
  registerTableSchema,
  SANDBOX_COMPANIES,
  SANDBOX_PERSONS,
  sandboxCompanySchema,
  sandboxPersonSchema,
  type RegisterTable,
} from './register-table.ts';

/** The built-in table with the config's rows merged over it (same number: the config's row wins). */
export function sandboxRegisterTable(config: Pick<SandboxRegisterConfig, 'persons' | 'companies'>): RegisterTable {
  const persons = new Map(SANDBOX_PERSONS.map((p) => sandboxPersonSchema.parse(p)).map((p) => [p.cpr, p]));
  for (const p of config.persons) persons.set(p.cpr, p);
  const companies = new Map(SANDBOX_COMPANIES.map((c) => sandboxCompanySchema.parse(c)).map((c) => [c.cvr, c]));
  for (const c of config.companies) companies.set(c.cvr, c);
  return { persons: [...persons.values()], companies: [...companies.values()] };
}

/**
 * Creates the sandbox register.
 * @throws PluginConfigError naming `persons.<i>.custody` when the table, with the config's rows, has a
 *   minor without two custody holders or a holder who is not in the table.
 */
export function createSandboxRegister(config: SandboxRegisterConfig, context: PluginContext): Register {
  const text = registerMessages(config.language);
  const table = sandboxRegisterTable(config);
  const checked = registerTableSchema(() => context.clock.now()).safeParse(table);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new PluginConfigError(context.name, issue.path.join('.'), issue.message);
  }
  const persons = new Map(table.persons.map((p) => [p.cpr, p]));
  const companies = new Map(table.companies.map((c) => [c.cvr, c]));

  return {
    async guardians(input: string): Promise<Guardian[]> {
      const cpr = normaliseCpr(input);
      if (!isValidCpr(cpr)) throw registerError('INVALID_ID', text.invalidId('CPR'));
      const person = persons.get(cpr);
      if (!person) throw registerError('NOT_FOUND', text.notFound('CPR'));
      // As in CPR: custody ends when the child comes of age, whatever the table says.
      const age = cprAge(cpr, context.clock.now());
      if (age === undefined || age >= 18) return [];
      return person.custody.map((c): Guardian => {
        const holder = persons.get(c.cpr)!;
        return {
          cpr: holder.cpr,
          name: holder.name,
          relation: c.relation,
          ...(holder.addressProtected ? { addressProtected: true } : holder.address ? { address: holder.address } : {}),
        };
      });
    },
    async productionUnits(input: string): Promise<ProductionUnit[]> {
      const cvr = input.replace(/\s/g, '');
      if (!isValidCvr(cvr)) throw registerError('INVALID_ID', text.invalidId('CVR'));
      const company = companies.get(cvr);
      if (!company) throw registerError('NOT_FOUND', text.notFound('CVR'));
      return company.units
        .filter((u) => !u.ceased)
        .map((u) => ({ pNumber: u.pNumber, name: u.name, ...(u.address ? { address: u.address } : {}) }));
    },
  };
}
