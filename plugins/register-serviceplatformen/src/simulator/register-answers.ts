/**
 * @module
 * The simulator's answers, built from its table in the shape the official schemas give them
 * (`PersonLookupResponse`, `GetRelatedProductionUnitNameAndAddressResponse`,
 * `GetProductionUnitResponse`); the tests validate them against those schemas.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { cprDateOfBirth } from '@brevdue/shared';
import { SF1520_NS } from '../sf1520-person-lookup.ts';
import { CVR_NS, CVR_WSDL_NS, MSG_NS } from '../sf1530-production-units.ts';
import type { SimCompany, SimPerson } from './simulator-settings.ts';

const DKCC2003 = 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/';
const DKCC2005 = 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/';

/** PersonLookupResponse for a person of the table; `children` counts the table's minors with this person as parent. */
export function personLookupAnswer(p: SimPerson, children: number): XMLBuilder {
  const r = create().ele(SF1520_NS, 'ns:PersonLookupResponse');
  const e = (parent: XMLBuilder, name: string, value?: string) =>
    value === undefined ? parent : parent.ele(SF1520_NS, `ns:${name}`).txt(value).up();
  // Element order follows persondataType's sequence.
  const pd = r.ele(SF1520_NS, 'ns:persondata');
  e(pd, 'personnummer', p.cpr);
  const navn = pd.ele(SF1520_NS, 'ns:navn');
  e(navn, 'personadresseringsnavn', `${p.firstName} ${p.lastName}`);
  e(navn, 'fornavn', p.firstName);
  e(navn, 'efternavn', p.lastName);
  const born = cprDateOfBirth(p.cpr)!;
  const iso = `${born.year}-${String(born.month).padStart(2, '0')}-${String(born.day).padStart(2, '0')}`;
  e(pd.ele(SF1520_NS, 'ns:foedselsdato'), 'dato', iso);
  e(pd, 'antalBoernUnder18', String(children));
  e(pd.ele(SF1520_NS, 'ns:status'), 'status', String(p.status));
  if (p.protected) e(pd.ele(SF1520_NS, 'ns:adressebeskyttelse'), 'beskyttet', 'true');
  // Authorities get the address even under protection; the flag says it must not be shown.
  if (p.address) {
    const a = r.ele(SF1520_NS, 'ns:adresse').ele(SF1520_NS, 'ns:aktuelAdresse');
    e(a, 'husnummer', p.address.number);
    e(a, 'etage', p.address.floor);
    e(a, 'sidedoer', p.address.door);
    e(a, 'conavn', p.address.co ? `c/o ${p.address.co}` : undefined);
    e(a, 'postnummer', p.address.postCode);
    e(a, 'postdistrikt', p.address.district);
    e(a, 'vejnavn', p.address.street);
    e(a, 'vejadresseringsnavn', p.address.street);
  }
  if (p.mother || p.father || p.custody.length) {
    const rel = r.ele(SF1520_NS, 'ns:relationer');
    if (p.mother) e(rel.ele(SF1520_NS, 'ns:mor'), 'personnummer', p.mother);
    if (p.father) e(rel.ele(SF1520_NS, 'ns:far'), 'personnummer', p.father);
    for (const c of p.custody) {
      const f = rel.ele(SF1520_NS, 'ns:foraeldremyndighed');
      e(f, 'foraeldremyndighedtype', String(c.type));
      e(f, 'relationPersonnummer', c.cpr);
    }
  }
  return r;
}

type Unit = SimCompany['units'][number];

function unitName(parent: XMLBuilder, u: Unit): void {
  parent
    .ele(CVR_NS, 'cvr:ProductionUnitName')
    .att('sequenceNumber', '0')
    .att('validFromDate', u.startDate)
    .ele(CVR_NS, 'cvr:name')
    .txt(u.name);
}

function address(el: XMLBuilder, u: Unit): void {
  el.att('validFromDate', u.startDate);
  const p = el.ele(CVR_NS, 'cvr:AddressPostalExtended');
  p.ele(DKCC2005, 'dkcc2005:StreetName').txt(u.address.street).up();
  p.ele(DKCC2003, 'dkcc2003:StreetBuildingIdentifier').txt(u.address.number).up();
  if (u.address.floor) p.ele(DKCC2003, 'dkcc2003:FloorIdentifier').txt(u.address.floor).up();
  if (u.address.door) p.ele(DKCC2003, 'dkcc2003:SuiteIdentifier').txt(u.address.door).up();
  p.ele(DKCC2005, 'dkcc2005:PostCodeIdentifier').txt(u.address.postCode).up();
  p.ele(DKCC2005, 'dkcc2005:DistrictName').txt(u.address.district).up();
  el.ele(DKCC2003, 'dkcc2003:CountryIdentificationCode').att('scheme', 'iso3166-alpha2').txt('DK');
}

/** GetRelatedProductionUnitNameAndAddressResponse: every unit of the company, ceased ones too (as CVR lists them). */
export function relatedUnitsAnswer(c: SimCompany): XMLBuilder {
  const r = create().ele(MSG_NS, 'msg:GetRelatedProductionUnitNameAndAddressResponse');
  const coll = r
    .ele(CVR_WSDL_NS, 'cvrw:GetRelatedProductionUnitNameAndAddressResponse')
    .ele(CVR_WSDL_NS, 'cvrw:ProductionUnitNameAndAddressCollection');
  for (const u of c.units) {
    const item = coll.ele(CVR_WSDL_NS, 'cvrw:ProductionUnitNameAndAddress');
    item.ele(CVR_NS, 'cvr:ProductionUnitIdentifier').txt(u.pNumber);
    unitName(item, u);
    address(item.ele(CVR_WSDL_NS, 'cvrw:AddressLocation'), u);
    item.ele(CVR_NS, 'cvr:AdvertisingProtectionIndicator').txt('false');
  }
  return r;
}

/** GetProductionUnitResponse for one unit, with its lifecycle. */
export function productionUnitAnswer(u: Unit, main: boolean): XMLBuilder {
  const r = create().ele(MSG_NS, 'msg:GetProductionUnitResponse');
  const unit = r.ele(CVR_WSDL_NS, 'cvrw:GetProductionUnitResponse').ele(CVR_NS, 'cvr:ProductionUnit').att('versionIdentifier', '1');
  unit.ele(CVR_NS, 'cvr:ProductionUnitIdentifier').txt(u.pNumber);
  unitName(unit, u);
  unit.ele(CVR_NS, 'cvr:AdvertisingProtectionIndicator').txt('false');
  unit.ele(CVR_NS, 'cvr:AncillaryUnitIndicator').txt('false');
  unit.ele(CVR_NS, 'cvr:MainDivisionIndicator').txt(String(main));
  const life = unit.ele(CVR_NS, 'cvr:Lifecycle');
  life.ele(CVR_NS, 'cvr:StartDate').txt(u.startDate);
  if (u.cessationDate) life.ele(CVR_NS, 'cvr:CessationDate').txt(u.cessationDate);
  address(unit.ele(CVR_NS, 'cvr:AddressLocation'), u);
  return r;
}
