/**
 * @module
 * The register over Serviceplatformen: `guardians(cpr)` asks SF1520 for the child's custody
 * records and then for each holder's name and address; `productionUnits(cvr)` asks SF1530 for the
 * company's units and each unit's lifecycle, leaving out ceased ones. Answers are cached.
 */
import { isValidCpr, isValidCvr, normaliseCpr } from '@brevdue/shared';
import { registerError, type Guardian, type PluginContext, type ProductionUnit, type Register } from '@brevdue/shared/sdk';
import { loadClientCertificate } from './client-certificate.ts';
import { ENVIRONMENTS, SERVICE_PATHS, type RegisterConfig } from './config.ts';
import type { InvocationContext } from './invocation-context.ts';
import { lookupCache } from './lookup-cache.ts';
import { messages } from './messages.ts';
import { PERSON_LOOKUP_ACTION, personLookupRequest, readPersonLookup, type PersonRecord } from './sf1520-person-lookup.ts';
import {
  PRODUCTION_UNIT_ACTION,
  productionUnitRequest,
  readRelatedUnits,
  readUnitCeased,
  RELATED_UNITS_ACTION,
  relatedUnitsRequest,
} from './sf1530-production-units.ts';
import { SoapClient } from './soap-client.ts';

/** Units asked about at once when checking lifecycles (a municipality has hundreds). */
const UNIT_CONCURRENCY = 8;

/** CPR status "dead": such a holder gets no copy. */
const STATUS_DEAD = 90;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Creates the register from a parsed config.
 * @example const reg = createServiceplatformenRegister(configSchema.parse(raw), context);
 * @throws PluginConfigError naming the certificate field when the certificate cannot be used.
 */
export function createServiceplatformenRegister(config: RegisterConfig, context: PluginContext): Register {
  const text = messages(config.language);
  const certificate = loadClientCertificate(context.name, config, text);
  const client = new SoapClient({
    baseUrl: config.endpoints?.serviceplatformen ?? ENVIRONMENTS[config.environment],
    certificate,
    timeoutMs: config.requestTimeoutMs,
    logger: context.logger.child({ plugin: context.name }),
    text,
  });
  const cache = lookupCache(context.state, config.cacheSeconds);
  const invocation = (service: 'sf1520' | 'sf1530'): InvocationContext => {
    const s = config.services[service];
    if (!s) throw registerError('NOT_SUPPORTED', text.serviceNotConfigured(service));
    return {
      serviceAgreementUuid: s.serviceAgreementUuid,
      serviceUuid: s.serviceUuid,
      userSystemUuid: config.userSystemUuid,
      userUuid: config.userUuid,
    };
  };

  const lookupPerson = async (cpr: string): Promise<PersonRecord> => {
    const parsed = await client.call({
      service: 'sf1520',
      path: SERVICE_PATHS.sf1520,
      action: PERSON_LOOKUP_ACTION,
      answer: 'PersonLookupResponse',
      payload: personLookupRequest(cpr, invocation('sf1520'), config.cvr),
    });
    return readPersonLookup(parsed, context.clock.now());
  };

  return {
    async guardians(input: string): Promise<Guardian[]> {
      const cpr = normaliseCpr(input);
      if (!isValidCpr(cpr)) throw registerError('INVALID_ID', text.invalidCpr);
      invocation('sf1520'); // a service without an agreement fails the same way, cached or not
      const cached = await cache.get<Guardian[]>('guardians', cpr);
      if (cached) return cached;
      const child = await lookupPerson(cpr);
      const holders: Guardian[] = [];
      for (const c of child.custody) {
        // A holder without a CPR number (rare: custody given to an institution) cannot be looked up or reached by digital post.
        if (!c.cpr) continue;
        let holder: PersonRecord;
        try {
          holder = await lookupPerson(c.cpr);
        } catch (e) {
          // The child was found, so a holder CPR the register cannot find is the register's inconsistency, not a wrong input.
          if ((e as { code?: string }).code === 'NOT_FOUND')
            throw registerError('BAD_ANSWER', text.badAnswer('CPR (SF1520)', 'custody holder not found'));
          throw e;
        }
        if (holder.status === STATUS_DEAD || !holder.name) continue;
        holders.push({
          cpr: c.cpr,
          name: holder.name,
          relation: c.relation,
          ...(holder.addressProtected ? { addressProtected: true } : holder.address ? { address: holder.address } : {}),
        });
      }
      await cache.set('guardians', cpr, holders);
      return holders;
    },

    async productionUnits(input: string): Promise<ProductionUnit[]> {
      const cvr = input.replace(/\s/g, '');
      if (!isValidCvr(cvr)) throw registerError('INVALID_ID', text.invalidCvr);
      const ctx = invocation('sf1530');
      const cached = await cache.get<ProductionUnit[]>('units', cvr);
      if (cached) return cached;
      const listed = readRelatedUnits(
        await client.call({
          service: 'sf1530',
          path: SERVICE_PATHS.sf1530,
          action: RELATED_UNITS_ACTION,
          answer: 'GetRelatedProductionUnitNameAndAddressResponse',
          payload: relatedUnitsRequest(cvr, ctx),
        }),
      );
      const ceased = await mapLimited(listed, UNIT_CONCURRENCY, async (u) =>
        readUnitCeased(
          await client.call({
            service: 'sf1530',
            path: SERVICE_PATHS.sf1530,
            action: PRODUCTION_UNIT_ACTION,
            answer: 'GetProductionUnitResponse',
            payload: productionUnitRequest(u.pNumber, ctx),
          }),
          context.clock.now(),
        ),
      );
      const units = listed.filter((_, i) => ceased[i] !== true);
      await cache.set('units', cvr, units);
      return units;
    },

    async close() {
      client.close();
    },
  };
}
