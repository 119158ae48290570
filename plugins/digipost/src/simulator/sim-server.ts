/**
 * @module
 * The simulator's HTTP front: routes, security checks and signed answers, on node:http.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DIGIPOST_MEDIA_TYPE } from '../media-types.ts';
import { canonicalResponseString, contentSha256, httpDate, signString } from '../signing.ts';
import { parseXml, text } from '../xml.ts';
import { validateDigipostXml } from '../xsd-validator.ts';
import { checkRequest } from './sim-auth.ts';
import { documentEventsXml, documentStatusXml, entrypointXml, errorXml, identificationResultXml } from './sim-answers.ts';
import { receiveMessage, type SimAnswer } from './sim-messages.ts';
import type { SimulatorSettings } from './sim-settings.ts';
import type { SimulatorStore } from './sim-store.ts';

export interface SimulatorServerOptions {
  settings: SimulatorSettings;
  identifications: Record<string, string>;
  store: SimulatorStore;
  clientPublicKey: KeyObject;
  serverKey: KeyObject;
  serverCertificatePem: string;
  baseUrl: () => string;
  now: () => Date;
}

const MAX_BODY = 250 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_BODY) throw Object.assign(new Error('request too large'), { tooLarge: true });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Creates the HTTP server (not yet listening). */
export function createSimulatorServer(o: SimulatorServerOptions): Server {
  const answerKey = o.settings.answerSignature === 'wrong' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : o.serverKey;
  const send = (res: ServerResponse, path: string, a: SimAnswer, contentType = DIGIPOST_MEDIA_TYPE) => {
    // Digipost signs its answers the same way (status, path, Date, X-Content-SHA256).
    const date = httpDate(o.now());
    const body = Buffer.from(a.body, 'utf8');
    const hash = body.length > 0 ? contentSha256(body) : undefined;
    const sig = signString(canonicalResponseString({ status: a.status, path, date, contentSha256: hash }), answerKey);
    res.writeHead(a.status, {
      'Content-Type': contentType,
      'Content-Length': String(body.length),
      Date: date,
      ...(hash ? { 'X-Content-SHA256': hash } : {}),
      'X-Digipost-Signature': sig,
    });
    res.end(body);
  };

  return createServer((req, res) => {
    void (async () => {
      const rawUrl = req.url ?? '/';
      const path = rawUrl.split('?')[0]!;
      const method = req.method ?? 'GET';
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch {
        send(res, path, { status: 413, body: errorXml('REQUEST_TOO_LARGE', 'the request is too large', 'CLIENT_DATA') });
        return;
      }
      // Inspection for tests and people, not part of Digipost's API: the accepted messages.
      if (method === 'GET' && path === '/messages') {
        const json = JSON.stringify(o.store.messages.map((m) => ({ ...m })));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(json);
        return;
      }
      const fail = checkRequest({
        method,
        rawUrl,
        headers: req.headers,
        body,
        publicKey: o.clientPublicKey,
        brokerIds: o.settings.brokerIds,
        now: o.now(),
        maxClockSkewMs: o.settings.maxClockSkewMs,
      });
      if (fail) {
        send(res, path, { status: fail.status, body: errorXml(fail.code, fail.message, fail.type) });
        return;
      }
      const brokerId = String(req.headers['x-digipost-userid']);
      send(res, path, await route(method, path, rawUrl, req.headers['content-type'] ?? '', body, brokerId));
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': DIGIPOST_MEDIA_TYPE });
      res.end(errorXml('SERVER_ERROR', e instanceof Error ? e.message : String(e), 'SERVER'));
    });
  });

  async function route(
    method: string,
    path: string,
    rawUrl: string,
    contentType: string,
    body: Buffer,
    brokerId: string,
  ): Promise<SimAnswer> {
    if (method === 'GET' && path === '/') return { status: 200, body: entrypointXml(o.baseUrl(), o.serverCertificatePem) };
    if (method === 'POST' && path === '/identification') return identify(body);
    if (method === 'POST' && path === '/messages') {
      return receiveMessage({
        contentType,
        body,
        brokerId,
        settings: o.settings,
        identifications: o.identifications,
        store: o.store,
        now: o.now(),
      });
    }
    const status = /^\/documents\/(\d+)\/([0-9a-f-]{36})\/status$/.exec(path);
    if (method === 'GET' && status) return documentStatus(status[1]!, status[2]!);
    if (method === 'GET' && path === '/documents/events') return events(rawUrl);
    return { status: 404, body: errorXml('GENERAL_ERROR', `no resource ${method} ${path}`, 'CLIENT_TECHNICAL') };
  }

  async function identify(body: Buffer): Promise<SimAnswer> {
    const xml = body.toString('utf8');
    const check = validateDigipostXml(xml);
    if (!check.valid) return { status: 400, body: errorXml('SCHEMA_VALIDATION_ERROR', check.errors.join(' | '), 'CLIENT_TECHNICAL') };
    const id = parseXml(xml).identification;
    const pin = text(id, 'personal-identification-number');
    const org = text(id, 'organisation-number');
    const key = pin ?? org;
    if (!key) return { status: 200, body: identificationResultXml('UNIDENTIFIED', { 'unidentified-reason': 'NOT_FOUND' }) };
    const answer = o.identifications[key] ?? 'UNIDENTIFIED';
    switch (answer) {
      case 'DIGIPOST':
        return { status: 200, body: identificationResultXml('DIGIPOST', { 'digipost-address': `mottaker#${key.slice(-4)}` }) };
      case 'IDENTIFIED':
        return { status: 200, body: identificationResultXml('IDENTIFIED', { 'person-alias': `alias-${contentSha256(key).slice(0, 12)}` }) };
      case 'INVALID':
        return {
          status: 200,
          body: identificationResultXml('INVALID', {
            'invalid-reason': pin ? 'INVALID_PERSONAL_IDENTIFICATION_NUMBER' : 'INVALID_ORGANISATION_NUMBER',
          }),
        };
      default:
        return { status: 200, body: identificationResultXml('UNIDENTIFIED', { 'unidentified-reason': 'NOT_FOUND' }) };
    }
  }

  function documentStatus(senderId: string, uuid: string): SimAnswer {
    const found = o.store.findDocument(uuid);
    if (!found || found.message.senderId !== senderId)
      return { status: 404, body: errorXml('DOCUMENT_NOT_FOUND', `no document ${uuid} for sender ${senderId}`, 'CLIENT_TECHNICAL') };
    const m = found.message;
    return {
      status: 200,
      body: documentStatusXml({
        uuid,
        senderId: m.senderId,
        status: 'DELIVERED',
        created: m.receivedAt,
        delivered: m.deliveryTime,
        channel: m.method,
        primary: found.index === 0,
        contentHash: m.documents[found.index]!.contentHash,
      }),
    };
  }

  function events(rawUrl: string): SimAnswer {
    const q = new URL(rawUrl, 'http://x').searchParams;
    const from = Date.parse(q.get('from') ?? '');
    const to = Date.parse(q.get('to') ?? '');
    if (Number.isNaN(from) || Number.isNaN(to))
      return { status: 400, body: errorXml('INVALID_DATE', 'from and to must be ISO date-times', 'CLIENT_TECHNICAL') };
    if (to < from) return { status: 400, body: errorXml('INVALID_DATE_RANGE', 'to is before from', 'CLIENT_TECHNICAL') };
    const offset = Number(q.get('offset') ?? '0');
    const max = Math.min(Number(q.get('maxResults') ?? '100') || 100, 1000);
    const list = o.store.eventsBetween(new Date(from), new Date(to), o.now()).slice(offset, offset + max);
    return { status: 200, body: documentEventsXml(list) };
  }
}
