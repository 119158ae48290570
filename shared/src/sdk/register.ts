/**
 * @module
 * The register contract: a plugin that answers look-ups in a public register — the custody
 * holders of a child (CPR) for guardian copies, and the production units (P-numbers) of a
 * company (CVR) for letters to one of its sites. The sandbox answers from a table;
 * `@brevdue/plugin-register-serviceplatformen` asks CPR (SF1520) and CVR (SF1530).
 *
 * A register fails with {@link ProviderError} and one of {@link REGISTER_ERROR_CODES}:
 * `transient` ones may be retried with back-off, `permanent` ones will not heal by retrying.
 * Messages never carry a CPR number.
 */
import type { PostalAddress } from '../domain/recipient.ts';
import { ProviderError } from './errors.ts';

/** What a register declares it can look up; a CPR-only register declares `productionUnits: false`. */
export interface RegisterCapabilities {
  /** Implements `guardians(cpr)`. */
  readonly guardians: boolean;
  /** Implements `productionUnits(cvr)`. */
  readonly productionUnits: boolean;
}

/** How a custody holder is related to the child, as CPR records it. */
export type GuardianRelation = 'mother' | 'father' | 'other';

/** One holder of parental custody (forældremyndighed) of a child. */
export interface Guardian {
  /** The holder's CPR number, ten digits without a dash. */
  cpr: string;
  /** The holder's name for addressing (CPR's adresseringsnavn). */
  name: string;
  relation: GuardianRelation;
  /**
   * The holder's postal address, for print. Absent when the register has none, or when the holder
   * has name and address protection (the letter must then go by digital post or be addressed by
   * the register's own print service, never to an address Brevdue shows).
   */
  address?: PostalAddress;
  /** True when the holder has name and address protection (adressebeskyttelse). */
  addressProtected?: boolean;
}

/** One production unit (P-unit: a site) of a company. */
export interface ProductionUnit {
  /** The P-number, ten digits. */
  pNumber: string;
  name: string;
  /** The unit's location address. */
  address?: PostalAddress;
}

/** A register instance: what `create` returns. Each method exists exactly when its capability is declared. */
export interface Register {
  /**
   * The custody holders of the person with this CPR number (normalised: ten digits). Called by
   * preview and by the shipment for every recipient under 18 when guardian copies are asked for;
   * the platform decides who is a minor (from the CPR number), the register only answers who
   * holds custody. An empty list means the register knows the person and records no holder with
   * a CPR number. Read-only and idempotent; the register may cache answers (never keyed by the
   * CPR in clear) and must never log a CPR number.
   * @throws ProviderError `permanent` `NOT_FOUND` when the register does not know the CPR number,
   *   `permanent` `INVALID_ID` when it is not a CPR number, `permanent` `AUTH_FAILED` when the
   *   register refuses our credentials, `permanent` `REJECTED` when it refuses the request itself,
   *   `transient` `UNAVAILABLE` when it does not answer in time, `permanent` `BAD_ANSWER` when its
   *   answer cannot be read.
   */
  guardians?(cpr: string): Promise<Guardian[]>;
  /**
   * The active production units of the company with this CVR number (eight digits). Called when a
   * user picks a P-number for a CVR recipient (`GET /v1/recipients/production-units`). An empty
   * list means the company has no active unit. Read-only and idempotent; may be cached.
   * @throws ProviderError with the same codes as `guardians` (`NOT_FOUND`: no such company).
   */
  productionUnits?(cvr: string): Promise<ProductionUnit[]>;
  /** Optional: releases resources (agents, timers). Called once at shut-down. */
  close?(): Promise<void>;
}

/** The stable error codes of a register, each with whether a retry may help. */
export const REGISTER_ERROR_CODES = {
  NOT_FOUND: 'permanent',
  INVALID_ID: 'permanent',
  AUTH_FAILED: 'permanent',
  REJECTED: 'permanent',
  BAD_ANSWER: 'permanent',
  NOT_SUPPORTED: 'permanent',
  UNAVAILABLE: 'transient',
} as const;
/** One of {@link REGISTER_ERROR_CODES}. */
export type RegisterErrorCode = keyof typeof REGISTER_ERROR_CODES;

/**
 * A register failure with the kind its code implies.
 * @example throw registerError('NOT_FOUND', messages.notFound('CPR'))
 */
export function registerError(code: RegisterErrorCode, message: string, options: { cause?: unknown } = {}): ProviderError {
  return new ProviderError(REGISTER_ERROR_CODES[code], code, message, options);
}

/**
 * Calls a register method the register declares, or fails with `NOT_SUPPORTED` naming the plugin,
 * so a platform feature that needs a capability says which register lacks it.
 * @example const holders = await callRegister(reg, 'serviceplatformen', 'guardians', cpr);
 * @throws ProviderError `NOT_SUPPORTED` when the register has no such method; otherwise what the method throws.
 */
export async function callRegister<M extends 'guardians' | 'productionUnits'>(
  register: Register,
  plugin: string,
  method: M,
  id: string,
): Promise<Awaited<ReturnType<NonNullable<Register[M]>>>> {
  const fn = register[method] as ((id: string) => Promise<Awaited<ReturnType<NonNullable<Register[M]>>>>) | undefined;
  if (!fn) {
    throw registerError(
      'NOT_SUPPORTED',
      `register "${plugin}" cannot look up ${method === 'guardians' ? 'custody holders' : 'production units'}: ` +
        `configure a register that declares ${method}`,
    );
  }
  return fn.call(register, id);
}
