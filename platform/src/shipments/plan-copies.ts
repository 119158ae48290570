/**
 * @module
 * Which copies a shipment makes: the custody holders of every CPR recipient under 18 when
 * `options.guardianCopies` asks for it (looked up in the configured register), and the copies
 * each recipient names in `copies`. A copy is a letter of its own with its original's documents.
 */
import { isMinorCpr, type Recipient, type ShipmentRequest } from '@brevdue/shared';
import { type GuardianRelation, ProviderError } from '@brevdue/shared/sdk';
import type { CopyKind } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { registerFor } from '../plugins/register-lookups.ts';
import { SHIPMENT_MESSAGES } from './shipment-messages.ts';

/** One copy to make. */
export interface PlannedCopy {
  /** Index in `recipients` of the letter it copies. */
  of: number;
  kind: CopyKind;
  recipient: Recipient;
  /** For a guardian copy: how the holder is related to the child. */
  relation?: GuardianRelation;
  /** CPR numbers the copy may carry besides its recipient's (the leak guard): the child's, for a guardian copy. */
  alsoAllowed: string[];
  /** The request field it comes from, for errors: `recipients[2].copies[0]`, or `recipients[2]` for a guardian copy. */
  field: string;
  warnings: string[];
}

/** The copies of a shipment, and (preview only) why a recipient's guardian copies are missing. */
export interface CopyPlan {
  copies: PlannedCopy[];
  /** Warnings per recipient index, e.g. a register that could not answer (preview). */
  warnings: Map<number, string[]>;
}

// Registers are remote services: a few asks at a time, as preview does with providers.
const LOOKUP_CONCURRENCY = 8;

/** The refusal of a shipment whose custody holders could not be looked up. */
function lookupRefusal(e: unknown, field: string): ApiError {
  if (!(e instanceof ProviderError)) throw e;
  if (e.code === 'NOT_SUPPORTED')
    return new ApiError(400, 'invalid_request', SHIPMENT_MESSAGES.noRegister(e.message), { field: 'options.guardianCopies' });
  if (e.code === 'NOT_FOUND' || e.code === 'INVALID_ID')
    return new ApiError(422, 'guardians_not_found', SHIPMENT_MESSAGES.guardiansUnknown(field), { field: `${field}.id` });
  if (e.kind === 'transient')
    return new ApiError(503, 'register_unavailable', SHIPMENT_MESSAGES.registerUnavailable(field, e.message), { field });
  return new ApiError(502, 'register_failed', SHIPMENT_MESSAGES.registerFailed(field, e.message), { field });
}

/**
 * Plans the copies of a request: manual copies in request order, then guardian copies.
 * @param mode `create` refuses the shipment when a register look-up fails (nothing is stored);
 *   `preview` notes the failure as a warning on the recipient
 * @throws ApiError 400 (`options.guardianCopies`: no register configured), and in `create` mode
 *   422 (`recipients[i].id`: the register does not know the child), 503/502 (register down / failing)
 */
export async function planCopies(host: Pick<PluginHost, 'registers'>, req: ShipmentRequest, mode: 'create' | 'preview'): Promise<CopyPlan> {
  const copies: PlannedCopy[] = [];
  const warnings = new Map<number, string[]>();
  const warn = (i: number, w: string) => warnings.set(i, [...(warnings.get(i) ?? []), w]);
  req.recipients.forEach((r, i) => {
    r.copies?.forEach((c, j) =>
      copies.push({ of: i, kind: 'manual', recipient: c, alsoAllowed: [], field: `recipients[${i}].copies[${j}]`, warnings: [] }),
    );
  });
  if (!req.options.guardianCopies) return { copies, warnings };

  const now = new Date();
  const minors = req.recipients.flatMap((r, i) => (r.idType === 'CPR' && isMinorCpr(r.id, now) ? [i] : []));
  const register = registerFor(host);
  const found = new Array<PlannedCopy[]>(req.recipients.length);
  let next = 0;
  const worker = async () => {
    while (next < minors.length) {
      const i = minors[next++]!;
      const child = req.recipients[i]!;
      const field = `recipients[${i}]`;
      try {
        const holders = await register.guardians(child.id);
        if (holders.length === 0) warn(i, SHIPMENT_MESSAGES.noGuardians);
        found[i] = holders.map((g) => ({
          of: i,
          kind: 'guardian',
          recipient: { idType: 'CPR', id: g.cpr, name: g.name, ...(g.address ? { address: g.address } : {}) },
          relation: g.relation,
          alsoAllowed: [child.id],
          field,
          warnings: g.addressProtected ? [SHIPMENT_MESSAGES.guardianAddressProtected] : [],
        }));
      } catch (e) {
        const refusal = lookupRefusal(e, field);
        // No register at all is the request's problem, not this child's: preview refuses it too.
        if (mode === 'create' || refusal.field === 'options.guardianCopies') throw refusal;
        warn(i, refusal.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, minors.length) }, worker));
  for (const list of found) if (list) copies.push(...list);
  return { copies, warnings };
}
