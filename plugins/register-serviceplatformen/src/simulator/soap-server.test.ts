/**
 * The simulator refuses what Serviceplatformen refuses — no or an untrusted client certificate, a
 * wrong SOAPAction or content type, a malformed envelope, a DTD, a request that fails the schema, an
 * InvocationContext without an agreement — and answers look-ups that validate against the schemas.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_PATHS, SERVICE_UUIDS } from '../config.ts';
import { validatePayload } from '../schema-validator.ts';
import { PERSON_LOOKUP_ACTION, personLookupRequest } from '../sf1520-person-lookup.ts';
import { PRODUCTION_UNIT_ACTION, RELATED_UNITS_ACTION, relatedUnitsRequest } from '../sf1530-production-units.ts';
import { readFault, soapEnvelope, soapPayload } from '../soap-envelope.ts';
import { serviceplatformenRegisterSimulator, type RunningRegisterSimulator } from './index.ts';
import { simulatorRequest } from './sim-request.ts';

// One PKI for all test files (made once, then reused: RSA key generation is the slow part).
const SIM_DIR = join(tmpdir(), 'brevdue-register-simulator-test');

let sim: RunningRegisterSimulator;
let pfx: { file: string; passphrase: string };
const base = () => ({ url: sim.url, caFile: sim.info.caFile });
const ctx = (service: 'sf1520' | 'sf1530') => ({
  serviceAgreementUuid: sim.info.serviceAgreements[service],
  userSystemUuid: sim.info.userSystemUuid,
  userUuid: sim.info.userUuid,
  serviceUuid: SERVICE_UUIDS[service],
});
const personRequest = (cpr: string) => soapEnvelope(personLookupRequest(cpr, ctx('sf1520'), '29189846'));

async function post(
  path: string,
  action: string,
  body: string,
  o: { cert?: { file: string; passphrase: string } | null; contentType?: string } = {},
) {
  return simulatorRequest(base(), path, {
    method: 'POST',
    headers: { 'content-type': o.contentType ?? 'text/xml; charset=utf-8', soapaction: `"${action}"` },
    body,
    ...(o.cert === null ? {} : { pfx: o.cert ?? pfx }),
  });
}

function faultOf(body: string) {
  const f = readFault(soapPayload(body));
  expect(f, 'expected a SOAP fault').toBeDefined();
  return f!;
}

beforeAll(async () => {
  sim = await serviceplatformenRegisterSimulator.start({ port: 0, dataDir: SIM_DIR });
  pfx = { file: sim.info.clientCertificate, passphrase: sim.info.passphrase };
});
afterAll(async () => sim?.close());

describe('register simulator refusals', () => {
  it('no client certificate, or one from another CA: 403', async () => {
    const none = await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('1505144320'), { cert: null });
    expect(none.status).toBe(403);
    expect(none.body).toContain('CLIENT_CERTIFICATE_REQUIRED');
    const foreign = await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('1505144320'), {
      cert: { file: sim.info.foreignClientCertificate, passphrase: sim.info.passphrase },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('CLIENT_CERTIFICATE_UNTRUSTED');
  });

  it('a SOAPAction of another service or operation, a body that does not match it, a wrong content type', async () => {
    const other = await post(SERVICE_PATHS.sf1520, RELATED_UNITS_ACTION, personRequest('1505144320'));
    expect(other.status).toBe(500);
    expect(faultOf(other.body)).toMatchObject({ code: 'Client', text: expect.stringContaining('Unknown SOAPAction') });
    const mismatch = await post(SERVICE_PATHS.sf1530, PRODUCTION_UNIT_ACTION, soapEnvelope(relatedUnitsRequest('29189846', ctx('sf1530'))));
    expect(faultOf(mismatch.body).text).toContain('expects GetProductionUnitRequest');
    expect(
      (await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('1505144320'), { contentType: 'application/json' })).status,
    ).toBe(415);
  });

  it('malformed XML, a DOCTYPE, a Body with two elements: Client faults', async () => {
    expect(faultOf((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, '<soapenv:Envelope')).body).text).toContain(
      'Malformed SOAP message',
    );
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${personRequest('1505144320').replace(/^<\?xml[^>]*>/, '')}`;
    expect(faultOf((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, dtd)).body).text).toContain('DOCTYPE');
    const two = personRequest('1505144320').replace('</soapenv:Body>', '<x/></soapenv:Body>');
    expect(faultOf((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, two)).body).text).toContain('one element');
  });

  it('a request that fails the schema: a Client fault naming the element', async () => {
    const r = await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('01019043219'));
    const f = faultOf(r.body);
    expect(f.text).toContain('Schema validation failed');
    expect(f.text).toContain('PNR');
    expect(f.errors[0]?.code).toBe('SP-SCHEMA');
  });

  it('an InvocationContext that is missing or names no agreement: a Client fault about it', async () => {
    const missing = personRequest('1505144320').replace(/<invctx:InvocationContext[\s\S]*<\/invctx:InvocationContext>/, '');
    expect(faultOf((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, missing)).body).text).toContain('InvocationContext is missing');
    const other = personRequest('1505144320').replace(sim.info.serviceAgreements.sf1520, sim.info.serviceAgreements.sf1530);
    expect(faultOf((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, other)).body).text).toContain('no service agreement');
  });

  it('unknown CPR and CVR: the faults the real services answer', async () => {
    expect(faultOf((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('0404704444'))).body).text).toBe('PNR not found');
    const cvr = await post(SERVICE_PATHS.sf1530, RELATED_UNITS_ACTION, soapEnvelope(relatedUnitsRequest('17890018', ctx('sf1530'))));
    expect(faultOf(cvr.body).text).toContain("'/virksomhed/CVRNummer' missing");
  });

  it('answers a known person and company with payloads that validate against the official schemas', async () => {
    const p = await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('3006134328'));
    expect(p.status).toBe(200);
    const pp = soapPayload(p.body);
    expect(pp.localName).toBe('PersonLookupResponse');
    expect(validatePayload('sf1520', pp.xml)).toEqual([]);
    expect(pp.xml).toContain('<ns:foraeldremyndighedtype>3</ns:foraeldremyndighedtype>');
    const c = await post(SERVICE_PATHS.sf1530, RELATED_UNITS_ACTION, soapEnvelope(relatedUnitsRequest('29189846', ctx('sf1530'))));
    const cp = soapPayload(c.body);
    expect(cp.localName).toBe('GetRelatedProductionUnitNameAndAddressResponse');
    expect(validatePayload('sf1530', cp.xml)).toEqual([]);
  });

  it('an armed failure answers 503 once, then serves again', async () => {
    await simulatorRequest(base(), '/_simulator/fail-next', { method: 'POST' });
    expect((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('1505144320'))).status).toBe(503);
    expect((await post(SERVICE_PATHS.sf1520, PERSON_LOOKUP_ACTION, personRequest('1505144320'))).status).toBe(200);
  });
});
