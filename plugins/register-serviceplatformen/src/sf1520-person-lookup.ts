/**
 * @module
 * SF1520 "Udvidet person stamdata (lokal)", operation PersonLookup (PersonBaseDataExtended 4):
 * the request for one CPR number, and what we read of the answer — the addressing name, the
 * current address, name and address protection, status, and the custody holders
 * (`relationer/foraeldremyndighed`: type 3 mother, 4 father, 5 and 6 other holders).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { PostalAddress } from '@brevdue/shared';
import type { GuardianRelation } from '@brevdue/shared/sdk';
import { appendInvocationContext, type InvocationContext } from './invocation-context.ts';
import { list, obj, text, type XmlObject } from './soap-envelope.ts';

/** Namespaces of the PersonBaseDataExtended 4 messages, the PNR element and the AuthorityContext. */
export const SF1520_NS = 'http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/';
export const PNR_NS = 'http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/';
export const AUTHORITY_CONTEXT_NS = 'http://serviceplatformen.dk/xml/schemas/AuthorityContext/1/';
/** The WSDL's soapAction of PersonLookup. */
export const PERSON_LOOKUP_ACTION = `${SF1520_NS}PersonLookup`;

/** One custody record of the child. */
export interface CustodyRecord {
  relation: GuardianRelation;
  /** The holder's CPR: `relationPersonnummer`, or for 3/4 the mother's/father's `personnummer`. */
  cpr?: string;
}

/** What we read of a PersonLookup answer. */
export interface PersonRecord {
  name?: string;
  address?: PostalAddress;
  addressProtected: boolean;
  /** CPR status (1, 3, 5, 7 active; 90 dead …); undefined when not given. */
  status?: number;
  custody: CustodyRecord[];
}

/**
 * The PersonLookupRequest element for a CPR number.
 * @example soapEnvelope(personLookupRequest('0101904321', ctx, '29189846'))
 */
export function personLookupRequest(cpr: string, ctx: InvocationContext, authorityCvr: string): XMLBuilder {
  const req = create().ele(SF1520_NS, 'ns:PersonLookupRequest');
  // Sequence order of PersonLookupRequestType: CallContext?, AuthorityContext?, InvocationContext?, PNR.
  req.ele(AUTHORITY_CONTEXT_NS, 'autctx:AuthorityContext').ele(AUTHORITY_CONTEXT_NS, 'autctx:MunicipalityCVR').txt(authorityCvr);
  appendInvocationContext(req, ctx);
  req.ele(PNR_NS, 'pnr:PNR').txt(cpr);
  return req;
}

const RELATIONS: Record<string, GuardianRelation> = { '3': 'mother', '4': 'father', '5': 'other', '6': 'other' };

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whether an optional `dato` (or plain date) lies on or before `today`: an ended protection or custody. */
function ended(v: XmlObject | undefined, field: string, today: string): boolean {
  const raw = v?.[field];
  const day = text(obj(raw)?.['dato']) ?? text(raw);
  return day !== undefined && day.slice(0, 10) <= today;
}

function addressOf(name: string | undefined, a: XmlObject | undefined): PostalAddress | undefined {
  if (!a || !name) return undefined;
  const postalCode = text(a['postnummer']);
  const city = text(a['postdistrikt']);
  if (!postalCode || !city) return undefined;
  const street = text(a['vejadresseringsnavn']) ?? text(a['vejnavn']);
  const number = text(a['husnummer'])?.replace(/^0+/, '');
  const floor = text(a['etage']);
  const door = text(a['sidedoer']);
  const streetLine =
    text(a['standardadresse']) ??
    (street ? `${street}${number ? ` ${number}` : ''}${floor ? `, ${floor}.` : ''}${door ? ` ${door}` : ''}` : undefined);
  const lines = [text(a['conavn']), streetLine, text(a['lokalitet']), text(a['bynavn'])]
    .filter((l): l is string => !!l && l.trim() !== '')
    .slice(0, 4);
  if (lines.length === 0) return undefined;
  return { name: name.slice(0, 100), lines: lines.map((l) => l.slice(0, 100)), postalCode, city: city.slice(0, 60), country: 'DK' };
}

/**
 * Reads a PersonLookupResponse (parsed with namespaces removed). `today` decides whether a
 * protection or custody with an end date has ended.
 */
export function readPersonLookup(parsed: XmlObject, today: Date): PersonRecord {
  const r = obj(parsed['PersonLookupResponse']) ?? {};
  const person = obj(r['persondata']);
  const day = isoDay(today);
  const protection = obj(person?.['adressebeskyttelse']);
  const addressProtected = text(protection?.['beskyttet']) === 'true' && !ended(protection, 'slutdato', day);
  const name = text(obj(person?.['navn'])?.['personadresseringsnavn']);
  const statusText = text(obj(person?.['status'])?.['status']);
  const rel = obj(r['relationer']);
  const parentCpr = (which: 'mor' | 'far') => text(obj(rel?.[which])?.['personnummer']);
  const custody: CustodyRecord[] = [];
  for (const item of list(rel?.['foraeldremyndighed'])) {
    const f = obj(item);
    const type = text(f?.['foraeldremyndighedtype']);
    const relation = type ? RELATIONS[type] : undefined;
    if (!f || !relation || ended(f, 'foraeldremyndighedSletdato', day)) continue;
    const cpr = text(f['relationPersonnummer']) ?? (type === '3' ? parentCpr('mor') : type === '4' ? parentCpr('far') : undefined);
    custody.push({ relation, ...(cpr ? { cpr } : {}) });
  }
  const address = addressProtected ? undefined : addressOf(name, obj(obj(r['adresse'])?.['aktuelAdresse']));
  return {
    ...(name ? { name } : {}),
    ...(address ? { address } : {}),
    addressProtected,
    ...(statusText ? { status: Number(statusText) } : {}),
    custody,
  };
}
