/**
 * @module
 * SF1530 "CVR Online" (CvrService 2): `getRelatedProductionUnitNameAndAddress` lists a company's
 * production units with name and location address; `getProductionUnit` gives one unit's
 * lifecycle, which says whether it has ceased (the list does not).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { PostalAddress } from '@brevdue/shared';
import type { ProductionUnit } from '@brevdue/shared/sdk';
import { appendInvocationContext, type InvocationContext } from './invocation-context.ts';
import { list, obj, text, type XmlObject } from './soap-envelope.ts';

/** The Serviceplatformen message wrapper namespace, the CVR service namespace and the CVR data namespace. */
export const MSG_NS = 'http://rep.oio.dk/eogs/xml/2/';
export const CVR_WSDL_NS = 'http://rep.oio.dk/eogs/xml.wsdl/';
export const CVR_NS = 'http://rep.oio.dk/eogs/xml.schema/';
const WSDL2 = 'http://rep.oio.dk/eogs/xml.wsdl/2/';
/** The WSDL's soapActions. */
export const RELATED_UNITS_ACTION = `${WSDL2}getRelatedProductionUnitNameAndAddress`;
export const PRODUCTION_UNIT_ACTION = `${WSDL2}getProductionUnit`;

/**
 * The GetRelatedProductionUnitNameAndAddressRequest element for a CVR number.
 * @example soapEnvelope(relatedUnitsRequest('29189846', ctx))
 */
export function relatedUnitsRequest(cvr: string, ctx: InvocationContext): XMLBuilder {
  const req = create().ele(MSG_NS, 'msg:GetRelatedProductionUnitNameAndAddressRequest');
  appendInvocationContext(req, ctx);
  req.ele(CVR_WSDL_NS, 'cvrw:GetRelatedProductionUnitNameAndAddressRequest').ele(CVR_NS, 'cvr:LegalUnitIdentifier').txt(cvr);
  return req;
}

/**
 * The GetProductionUnitRequest element for a P-number (`level` 1: the unit itself, no history).
 * @example soapEnvelope(productionUnitRequest('1003388394', ctx))
 */
export function productionUnitRequest(pNumber: string, ctx: InvocationContext): XMLBuilder {
  const req = create().ele(MSG_NS, 'msg:GetProductionUnitRequest');
  appendInvocationContext(req, ctx);
  req.ele(CVR_WSDL_NS, 'cvrw:GetProductionUnitRequest').att('level', '1').ele(CVR_NS, 'cvr:ProductionUnitIdentifier').txt(pNumber);
  return req;
}

/** An AddressLocation (cvr:AddressDescriptionType) as a postal address for the unit. */
function addressOf(name: string, a: XmlObject | undefined): PostalAddress | undefined {
  const p = obj(a?.['AddressPostalExtended']);
  if (!a || !p) return undefined;
  const street = text(p['StreetName']);
  const number = text(p['StreetBuildingIdentifier']);
  const floor = text(p['FloorIdentifier']);
  const suite = text(p['SuiteIdentifier']);
  const postalCode = text(p['PostCodeIdentifier']);
  const city = text(p['DistrictName']);
  if (!street || !postalCode || !city) return undefined;
  const co = text(p['CareOfName']);
  const lines = [
    co ? `c/o ${co}` : undefined,
    `${street}${number ? ` ${number}` : ''}${floor ? `, ${floor}.` : ''}${suite ? ` ${suite}` : ''}`,
    text(p['MailDeliverySublocationIdentifier']),
  ]
    .filter((l): l is string => !!l)
    .map((l) => l.slice(0, 100));
  const country = (text(a['CountryIdentificationCode']) ?? 'DK').toUpperCase();
  return { name: name.slice(0, 100), lines, postalCode, city, country: /^[A-Z]{2}$/.test(country) ? country : 'DK' };
}

/** Reads a GetRelatedProductionUnitNameAndAddressResponse (parsed with namespaces removed). */
export function readRelatedUnits(parsed: XmlObject): ProductionUnit[] {
  const outer = obj(parsed['GetRelatedProductionUnitNameAndAddressResponse']);
  const inner = obj(outer?.['GetRelatedProductionUnitNameAndAddressResponse']);
  const units: ProductionUnit[] = [];
  for (const item of list(obj(inner?.['ProductionUnitNameAndAddressCollection'])?.['ProductionUnitNameAndAddress'])) {
    const u = obj(item);
    const pNumber = text(u?.['ProductionUnitIdentifier']);
    const name = text(obj(u?.['ProductionUnitName'])?.['name']);
    if (!u || !pNumber || !name) continue;
    const address = addressOf(name, obj(u['AddressLocation']));
    units.push({ pNumber, name, ...(address ? { address } : {}) });
  }
  return units;
}

/**
 * Whether a GetProductionUnitResponse describes a unit that has ceased on or before `today`
 * (a `Lifecycle/CessationDate`); `undefined` when the answer holds no unit.
 */
export function readUnitCeased(parsed: XmlObject, today: Date): boolean | undefined {
  const inner = obj(obj(parsed['GetProductionUnitResponse'])?.['GetProductionUnitResponse']);
  const unit = obj(inner?.['ProductionUnit']);
  if (!unit) return undefined;
  const ceased = text(obj(unit['Lifecycle'])?.['CessationDate']);
  return ceased !== undefined && ceased.slice(0, 10) <= today.toISOString().slice(0, 10);
}
