/**
 * @module
 * The simulated Serviceplatformen for SF1520 and SF1530: SOAP 1.1 over HTTPS with a required
 * client certificate from its CA. It refuses what the real services refuse — no or a foreign
 * certificate, a wrong SOAPAction, a malformed envelope, a request that fails the schema, an
 * InvocationContext without an agreement — with SOAP faults, and answers look-ups from its table
 * ("PNR not found" for an unknown CPR, the CVR service's missing-property fault for an unknown CVR).
 * `/_simulator/*` (no certificate needed) arms failures and counts calls for tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { SERVICE_PATHS, SERVICE_UUIDS } from '../config.ts';
import { validatePayload, type ServiceId } from '../schema-validator.ts';
import { PERSON_LOOKUP_ACTION } from '../sf1520-person-lookup.ts';
import { PRODUCTION_UNIT_ACTION, RELATED_UNITS_ACTION } from '../sf1530-production-units.ts';
import {
  obj,
  parsePayload,
  soapEnvelope,
  soapFaultEnvelope,
  soapPayload,
  SoapFormatError,
  text,
  type SoapFault,
  type XmlObject,
} from '../soap-envelope.ts';
import { personLookupAnswer, productionUnitAnswer, relatedUnitsAnswer } from './register-answers.ts';
import type { SimulatorSettings } from './simulator-settings.ts';
import type { SimulatorPki } from './test-pki.ts';

/** Each operation: its service, SOAPAction and request element. */
const OPERATIONS: Record<string, { service: ServiceId; action: string; request: string }> = {
  [PERSON_LOOKUP_ACTION]: { service: 'sf1520', action: PERSON_LOOKUP_ACTION, request: 'PersonLookupRequest' },
  [RELATED_UNITS_ACTION]: { service: 'sf1530', action: RELATED_UNITS_ACTION, request: 'GetRelatedProductionUnitNameAndAddressRequest' },
  [PRODUCTION_UNIT_ACTION]: { service: 'sf1530', action: PRODUCTION_UNIT_ACTION, request: 'GetProductionUnitRequest' },
};
const SERVICE_BY_PATH: Record<string, ServiceId> = { [SERVICE_PATHS.sf1520]: 'sf1520', [SERVICE_PATHS.sf1530]: 'sf1530' };
const MAX_BODY = 1024 * 1024;

/** A refusal: an HTTP status with a SOAP fault (or plain text for transport-level refusals). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly fault: SoapFault | string,
  ) {
    super(typeof fault === 'string' ? fault : fault.text);
  }
}

const clientFault = (textOf: string, code = 'SP-CLIENT', detail = textOf) =>
  new Refusal(500, { code: 'Client', text: textOf, errors: [{ code, text: detail }] });

/** The running server and its test hooks. */
export interface RegisterSimServer {
  server: Server;
  /** Service calls that reached the operations (authenticated), by operation. */
  calls: Map<string, number>;
}

/**
 * Starts the HTTPS server on `host:port` (0: a free port).
 * @throws Error (from `listen`) when the port is taken.
 */
export async function startRegisterSimServer(
  pki: SimulatorPki,
  s: SimulatorSettings,
  host: string,
  port: number,
): Promise<RegisterSimServer> {
  const persons = new Map(s.persons.map((p) => [p.cpr, p]));
  const companies = new Map(s.companies.map((c) => [c.cvr, c]));
  const units = new Map(s.companies.flatMap((c) => c.units.map((u, i) => [u.pNumber, { unit: u, main: i === 0 }] as const)));
  const calls = new Map<string, number>();
  let failNext = 0;

  const childrenOf = (cpr: string) =>
    s.persons.filter((p) => p.mother === cpr || p.father === cpr || p.custody.some((c) => c.cpr === cpr)).length;

  function checkContext(service: ServiceId, request: XmlObject): void {
    const ctx = obj(request['InvocationContext']);
    if (!ctx) throw clientFault('InvocationContext is missing', 'SP-CONTEXT');
    const agreement = text(ctx['ServiceAgreementUUID']);
    const ok =
      agreement === s.serviceAgreements[service] &&
      text(ctx['UserSystemUUID']) === s.userSystemUuid &&
      text(ctx['UserUUID']) === s.userUuid &&
      text(ctx['ServiceUUID']) === SERVICE_UUIDS[service];
    if (!ok) throw clientFault('Invalid InvocationContext: no service agreement for this user system, user and service', 'SP-CONTEXT');
  }

  function answer(op: (typeof OPERATIONS)[string], request: XmlObject): string {
    if (op.service === 'sf1520') {
      const cpr = text(request['PNR']) ?? '';
      const p = persons.get(cpr);
      if (!p) throw clientFault('PNR not found', 'CPR-404');
      return soapEnvelope(personLookupAnswer(p, childrenOf(cpr)));
    }
    if (op.request === 'GetRelatedProductionUnitNameAndAddressRequest') {
      const cvr = text(obj(request['GetRelatedProductionUnitNameAndAddressRequest'])?.['LegalUnitIdentifier']) ?? '';
      const c = companies.get(cvr);
      if (!c) throw clientFault("Required property '/virksomhed/CVRNummer' missing.", 'CVR-404');
      return soapEnvelope(relatedUnitsAnswer(c));
    }
    const pNumber = text(obj(request['GetProductionUnitRequest'])?.['ProductionUnitIdentifier']) ?? '';
    const u = units.get(pNumber);
    if (!u) throw clientFault("Required property '/produktionsenhed/pNummer' missing: production unit not found", 'CVR-404');
    return soapEnvelope(productionUnitAnswer(u.unit, u.main));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://simulator');
    if (url.pathname.startsWith('/_simulator/')) return admin(req, res, url);
    const service = SERVICE_BY_PATH[url.pathname];
    if (!service) throw new Refusal(404, `no service at ${url.pathname}`);
    if (req.method !== 'POST') throw new Refusal(405, 'POST a SOAP 1.1 envelope');
    const socket = req.socket as TLSSocket;
    if (Object.keys(socket.getPeerCertificate() ?? {}).length === 0)
      throw new Refusal(403, 'CLIENT_CERTIFICATE_REQUIRED: present the organisation certificate');
    if (!socket.authorized) throw new Refusal(403, `CLIENT_CERTIFICATE_UNTRUSTED: ${String(socket.authorizationError)}`);
    if (failNext > 0) {
      failNext--;
      throw new Refusal(503, 'Service Unavailable');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('text/xml')) throw new Refusal(415, 'SOAP 1.1 needs Content-Type: text/xml');
    const action = String(req.headers['soapaction'] ?? '').replace(/^"|"$/g, '');
    const op = OPERATIONS[action];
    if (!op || op.service !== service) throw clientFault(`Unknown SOAPAction "${action}" for ${url.pathname}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw new Refusal(413, 'request too large');
      chunks.push(c as Buffer);
    }
    let payload;
    try {
      payload = soapPayload(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      throw clientFault(`Malformed SOAP message: ${e instanceof SoapFormatError ? e.message : 'unreadable'}`);
    }
    if (payload.localName !== op.request) throw clientFault(`The SOAPAction expects ${op.request}, the Body holds ${payload.localName}`);
    const invalid = validatePayload(service, payload.xml);
    if (invalid.length) throw clientFault(`Schema validation failed: ${invalid[0]}`, 'SP-SCHEMA');
    const request = obj(parsePayload(payload.xml)[op.request]) ?? {};
    checkContext(service, request);
    calls.set(op.request, (calls.get(op.request) ?? 0) + 1);
    const body = answer(op, request);
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'POST' && url.pathname === '/_simulator/fail-next') {
      failNext += Number(url.searchParams.get('count') ?? '1');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ failNext }));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/_simulator/calls') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Object.fromEntries(calls)));
      return;
    }
    throw new Refusal(404, 'unknown simulator path');
  }

  const server = createServer(
    { key: pki.serverKeyPem, cert: pki.serverCertPem, ca: pki.caPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        const r = e instanceof Refusal ? e : new Refusal(500, { code: 'Server', text: 'Internal error', errors: [] });
        if (typeof r.fault === 'string') res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' }).end(r.fault);
        else res.writeHead(r.status, { 'content-type': 'text/xml; charset=utf-8' }).end(soapFaultEnvelope(r.fault));
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, calls };
}
