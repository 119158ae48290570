/**
 * Reading PersonLookup answers: custody records that have ended, protection that has ended, and
 * how faults are told apart.
 */
import { describe, expect, it } from 'vitest';
import { readPersonLookup } from './sf1520-person-lookup.ts';
import { classifyFault } from './soap-client.ts';
import { parsePayload } from './soap-envelope.ts';
import { validatePayload } from './schema-validator.ts';

const NS = 'http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/';
const answer = (inner: string) => `<r:PersonLookupResponse xmlns:r="${NS}">${inner}</r:PersonLookupResponse>`;
const today = new Date('2026-12-05T12:00:00Z');

describe('readPersonLookup', () => {
  it('skips a custody record with a deletion date that has passed, keeps one deleted in the future', () => {
    const xml = answer(
      '<r:relationer><r:mor><r:personnummer>1203824312</r:personnummer></r:mor>' +
        '<r:foraeldremyndighed><r:foraeldremyndighedtype>3</r:foraeldremyndighedtype><r:foraeldremyndighedSletdato>2025-01-01</r:foraeldremyndighedSletdato></r:foraeldremyndighed>' +
        '<r:foraeldremyndighed><r:foraeldremyndighedtype>5</r:foraeldremyndighedtype><r:foraeldremyndighedSletdato>2027-01-01</r:foraeldremyndighedSletdato>' +
        '<r:relationPersonnummer>1706554326</r:relationPersonnummer></r:foraeldremyndighed></r:relationer>',
    );
    expect(validatePayload('sf1520', xml)).toEqual([]);
    expect(readPersonLookup(parsePayload(xml), today).custody).toEqual([{ relation: 'other', cpr: '1706554326' }]);
  });

  it('shows the address once a protection has ended; hides it while it lasts', () => {
    const person = (end: string) =>
      answer(
        '<r:persondata><r:navn><r:personadresseringsnavn>Sara Larsen</r:personadresseringsnavn></r:navn><r:antalBoernUnder18>1</r:antalBoernUnder18>' +
          `<r:adressebeskyttelse><r:slutdato>${end}</r:slutdato><r:beskyttet>true</r:beskyttet></r:adressebeskyttelse></r:persondata>` +
          '<r:adresse><r:aktuelAdresse><r:husnummer>012</r:husnummer><r:postnummer>2100</r:postnummer><r:postdistrikt>København Ø</r:postdistrikt>' +
          '<r:vejadresseringsnavn>Hemmelig Vej</r:vejadresseringsnavn></r:aktuelAdresse></r:adresse>',
      );
    expect(validatePayload('sf1520', person('2026-01-01'))).toEqual([]);
    expect(readPersonLookup(parsePayload(person('2026-01-01')), today)).toMatchObject({
      addressProtected: false,
      address: { lines: ['Hemmelig Vej 12'] },
    });
    const lasting = readPersonLookup(parsePayload(person('2030-01-01')), today);
    expect(lasting.addressProtected).toBe(true);
    expect(lasting.address).toBeUndefined();
  });
});

describe('classifyFault', () => {
  it('tells not-found, access, client and server faults apart', () => {
    expect(classifyFault({ code: 'Client', text: 'PNR not found', errors: [] })).toBe('not-found');
    expect(classifyFault({ code: 'Server', text: "Required property '/virksomhed/CVRNummer' missing.", errors: [] })).toBe('not-found');
    expect(classifyFault({ code: 'Client', text: 'Error', errors: [{ code: 'X', text: 'Invalid InvocationContext' }] })).toBe('auth');
    expect(classifyFault({ code: 'Client', text: 'Unmarshalling Error', errors: [] })).toBe('client');
    expect(classifyFault({ code: 'Server', text: 'Internal error', errors: [] })).toBe('server');
  });
});
