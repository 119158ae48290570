/**
 * @module
 * The simulated Serviceplatformen: STS, AccessTokenService, KombiPostAfsend, the status call and
 * PostForespoerg over HTTPS with required client certificates. It validates every message
 * against the same schemas the plugin uses and refuses what the real service refuses.
 */
import { createHmac, randomBytes, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { XMLParser } from 'fast-xml-parser';
import { isValidCpr, isValidCvr } from '@brevdue/shared';
import { ENTITY_IDS } from '../config.ts';
import { UUID_V4 } from '../dates.ts';
import { ACCESS_TOKEN_PATH, STS_ISSUE_PATH } from '../serviceplatformen-client.ts';
import { kombiAnswerXml, PATHS, statusAnswerXml, type KombiAnswer } from '../sf1601-answers.ts';
import { validateAgainstSchemaAsync } from '../xsd-validator.ts';
import { deliverInbound } from './inbound-delivery.ts';
import { inboundSampleMemo, inboundSampleSchema } from './inbound-sample-request.ts';
import { DEFAULT_REGISTRATIONS, simRegistrationSchema, type SimRegistration, type SimulatorSettings } from './simulator-settings.ts';
import type { TestPki } from './test-pki.ts';

/** One accepted message, as `GET /messages` shows it. */
export interface AcceptedMessage {
  messageUUID: string;
  kombiValgKode: string;
  messageType: string;
  recipientIdType: string;
  /** Channel the message will be delivered on (Automatisk Valg decided by registration). */
  channel: 'Digital Post' | 'Fysisk Post' | 'NemSMS';
  transactionId: string;
  receivedAt: string;
  bytes: number;
  /** The request body exactly as received. */
  xml: string;
}

interface Stored extends AcceptedMessage {
  recipientId: string;
}

const KOMBI_VALG = new Set(['Automatisk Valg', 'Digital Post', 'Fysisk Post', 'NemSMS']);
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the HTTPS server; returns it with the store of accepted messages. */
export function startSf1601Server(
  pki: TestPki,
  settings: SimulatorSettings,
  host: string,
  port: number,
): Promise<{ server: Server; messages: Map<string, Stored>; expireTokens(): void }> {
  const registrations = { ...DEFAULT_REGISTRATIONS, ...settings.registrations };
  const messages = new Map<string, Stored>();
  const tokens = new Map<string, { entityId: string; fingerprint: string; expiresAt: number }>();
  const samlKey = randomBytes(32);

  const lookup = (id: string): SimRegistration => registrations[id] ?? { digitalpost: 'registered', nemsms: true };

  function clientCert(req: IncomingMessage): X509Certificate {
    const sock = req.socket as TLSSocket;
    const peer = sock.getPeerCertificate();
    if (!peer || !peer.raw)
      throw new HttpError(403, 'CLIENT_CERTIFICATE_REQUIRED', 'Klientcertifikat mangler / a client certificate is required (mutual TLS)');
    if (!sock.authorized)
      throw new HttpError(
        403,
        'CLIENT_CERTIFICATE_UNTRUSTED',
        `Klientcertifikatet er ikke godkendt / the client certificate is not trusted (${String(sock.authorizationError)})`,
      );
    return new X509Certificate(peer.raw);
  }

  function sfHeaders(req: IncomingMessage): string {
    const id = req.headers['x-transaktionsid'];
    const tid = req.headers['x-transaktionstid'];
    if (typeof id !== 'string' || (!UUID_V4.test(id) && !/^[0-9a-f-]{36}$/i.test(id)))
      throw new HttpError(
        400,
        'MISSING_HEADER',
        'x-TransaktionsId mangler eller er ikke et UUID / x-TransaktionsId is missing or not a UUID',
      );
    if (typeof tid !== 'string' || Number.isNaN(Date.parse(tid)))
      throw new HttpError(
        400,
        'MISSING_HEADER',
        'x-TransaktionsTid mangler eller er ikke et tidspunkt / x-TransaktionsTid is missing or not a date-time',
      );
    return id;
  }

  function authorise(req: IncomingMessage, cert: X509Certificate, entityId: string): void {
    const h = req.headers.authorization ?? '';
    const m = /^Holder-of-key (\S+)$/.exec(h);
    if (!m) throw new HttpError(401, 'TOKEN_MISSING', 'Authorization: Holder-of-key <token> mangler / is missing');
    const t = tokens.get(m[1]!);
    if (!t) throw new HttpError(401, 'TOKEN_UNKNOWN', 'Ukendt adgangstoken / unknown access token');
    if (t.expiresAt <= Date.now()) throw new HttpError(401, 'TOKEN_EXPIRED', 'Adgangstoken er udløbet / the access token has expired');
    if (t.fingerprint !== cert.fingerprint256)
      throw new HttpError(
        401,
        'TOKEN_NOT_HOLDER',
        'Token er udstedt til et andet certifikat / the token belongs to another certificate (holder-of-key)',
      );
    if (t.entityId !== entityId)
      throw new HttpError(401, 'TOKEN_WRONG_SERVICE', `Token gælder ${t.entityId}, ikke ${entityId} / the token is for another service`);
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > settings.maxBodyBytes)
      throw new HttpError(413, 'TOO_LARGE', `Forsendelsen er over 99,5 MB / the shipment is over 99.5 MB`);
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of req) {
      n += (c as Buffer).length;
      if (n > settings.maxBodyBytes) throw new HttpError(413, 'TOO_LARGE', 'Forsendelsen er over 99,5 MB / the shipment is over 99.5 MB');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks, n);
  }

  function issueSaml(body: Buffer, cert: X509Certificate): object {
    const r = JSON.parse(body.toString('utf8')) as {
      UseKey?: string;
      AnvenderKontekst?: { Cvr?: string };
      AppliesTo?: { EndpointReference?: { Address?: string } };
    };
    const entityId = r.AppliesTo?.EndpointReference?.Address;
    if (!entityId || !Object.values<string>(ENTITY_IDS).includes(entityId))
      throw new HttpError(400, 'UNKNOWN_SERVICE', `Ukendt entity id / unknown entity id ${String(entityId)}`);
    if (!r.AnvenderKontekst?.Cvr || !/^\d{8}$/.test(r.AnvenderKontekst.Cvr))
      throw new HttpError(400, 'CVR_MISSING', 'AnvenderKontekst.Cvr mangler / is missing');
    if (r.UseKey !== cert.raw.toString('base64'))
      throw new HttpError(400, 'USEKEY_MISMATCH', 'UseKey er ikke det præsenterede certifikat / UseKey is not the presented certificate');
    const expires = Date.now() + settings.tokenLifetimeSeconds * 1000;
    const payload = Buffer.from(JSON.stringify({ entityId, cvr: r.AnvenderKontekst.Cvr, fp: cert.fingerprint256, exp: expires })).toString(
      'base64',
    );
    const sig = createHmac('sha256', samlKey).update(payload).digest('base64');
    const d = new Date(expires);
    const p = (x: number) => String(x).padStart(2, '0');
    const lifetime = `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    return { RequestedSecurityToken: { Assertion: `${payload}.${sig}` }, Lifetime: lifetime };
  }

  function issueAccessToken(body: Buffer, cert: X509Certificate): object {
    const saml = new URLSearchParams(body.toString('utf8')).get('saml-token') ?? '';
    const [payload = '', sig = ''] = saml.split('.');
    const good = createHmac('sha256', samlKey).update(payload).digest();
    const given = Buffer.from(sig, 'base64');
    if (given.length !== good.length || !timingSafeEqual(given, good))
      throw new HttpError(401, 'SAML_INVALID', 'SAML-token er ugyldigt / the SAML token is invalid');
    const a = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { entityId: string; fp: string; exp: number };
    if (a.exp <= Date.now()) throw new HttpError(401, 'SAML_EXPIRED', 'SAML-token er udløbet / the SAML token has expired');
    if (a.fp !== cert.fingerprint256)
      throw new HttpError(
        401,
        'TOKEN_NOT_HOLDER',
        'SAML-token tilhører et andet certifikat / the SAML token belongs to another certificate',
      );
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { entityId: a.entityId, fingerprint: a.fp, expiresAt: Date.now() + settings.tokenLifetimeSeconds * 1000 });
    return { token_type: 'Holder-of-key', access_token: token, expires_in: settings.tokenLifetimeSeconds };
  }

  async function kombi(body: Buffer, transactionId: string): Promise<{ status: number; answer: KombiAnswer }> {
    const text = body.toString('utf8');
    // NgDP's 99.5 MB limit is on the documents of the MeMo message (the print job repeats them);
    // checked before parsing and validating so an oversized message costs little.
    const contentBytes = [...text.matchAll(/<(?:\w+:)?content>([^<]*)</g)].reduce((n, m) => n + Math.floor((m[1]!.length * 3) / 4), 0);
    if (contentBytes > settings.maxShipmentBytes)
      throw new HttpError(413, 'TOO_LARGE', 'Forsendelsen er over 99,5 MB / the shipment is over 99.5 MB');
    let doc: { kombi_request?: { KombiValgKode?: string; Message?: Record<string, unknown>; ForsendelseISamling?: unknown } };
    try {
      doc = parser.parse(text) as typeof doc;
    } catch (e) {
      throw new HttpError(400, 'XML_INVALID', `Ikke gyldig XML / not well-formed XML: ${(e as Error).message}`);
    }
    const kr = doc.kombi_request;
    const msg = kr?.Message as
      { '@memoVersion'?: string; MessageHeader?: Record<string, unknown>; MessageBody?: Record<string, unknown> } | undefined;
    const version = msg?.['@memoVersion'];
    if (version !== '1.1' && version !== '1.2')
      throw new HttpError(400, 'MEMO_VERSION', `memoVersion "${String(version)}" understøttes ikke / is not supported (1.1 or 1.2)`);
    const result = await validateAgainstSchemaAsync(
      body,
      kr?.ForsendelseISamling !== undefined ? `kombi-print-${version}` : `kombi-${version}`,
    );
    if (!result.valid) throw new HttpError(400, 'SCHEMA_VALIDATION', `Skemafejl / schema error: ${result.errors.slice(0, 3).join('; ')}`);
    const kode = String(kr?.KombiValgKode ?? '');
    if (!KOMBI_VALG.has(kode)) throw new HttpError(400, 'KOMBIVALGKODE', `Ukendt KombiValgKode "${kode}"`);
    const h = msg!.MessageHeader as { messageUUID: string; messageType: string; Recipient: { recipientID: string; idType: string } };
    const uuid = String(h.messageUUID).toLowerCase();
    const base = { TransaktionsId: transactionId, MessageUUID: h.messageUUID, KombiValgKode: kode };
    if (messages.has(uuid))
      return {
        status: 409,
        answer: {
          ...base,
          Status: 'DUBLET',
          FejlKode: 'DUPLICATE_MESSAGE_UUID',
          FejlTekst: 'Meddelelsen er allerede modtaget / the message was received before',
        },
      };
    const rid = String(h.Recipient.recipientID);
    const idType = String(h.Recipient.idType);
    if (!(idType === 'CPR' ? isValidCpr(rid) : idType === 'CVR' ? isValidCvr(rid) : false))
      throw new HttpError(422, 'UNKNOWN_RECIPIENT', `Ukendt modtager / unknown recipient (${idType})`);
    const reg = lookup(rid);
    if (reg.digitalpost === 'unknown')
      throw new HttpError(422, 'UNKNOWN_RECIPIENT', 'Modtageren findes ikke i CPR/CVR / the recipient is not in the CPR/CVR register');
    const hasPrint = kr?.ForsendelseISamling !== undefined;
    let channel: AcceptedMessage['channel'];
    if (kode === 'NemSMS') {
      if (h.messageType !== 'NEMSMS')
        throw new HttpError(400, 'MESSAGE_TYPE', 'NemSMS kræver messageType NEMSMS / NemSMS needs messageType NEMSMS');
      if (!reg.nemsms)
        throw new HttpError(
          422,
          'NOT_REGISTERED_NEMSMS',
          'Modtageren er ikke tilmeldt NemSMS / the recipient is not registered for NemSMS',
        );
      channel = 'NemSMS';
    } else if (kode === 'Digital Post') {
      if (reg.digitalpost !== 'registered')
        throw new HttpError(
          422,
          'NOT_REGISTERED',
          'Modtageren kan ikke modtage Digital Post (ikke tilmeldt eller fritaget) / the recipient cannot receive Digital Post',
        );
      channel = 'Digital Post';
    } else {
      const digital = kode === 'Automatisk Valg' && reg.digitalpost === 'registered';
      if (!digital && !hasPrint)
        throw new HttpError(422, 'PRINT_JOB_MISSING', 'Fysisk post kræver ForsendelseI / physical post needs a ForsendelseI print job');
      channel = digital ? 'Digital Post' : 'Fysisk Post';
    }
    messages.set(uuid, {
      messageUUID: h.messageUUID,
      kombiValgKode: kode,
      messageType: h.messageType,
      recipientIdType: idType,
      recipientId: rid,
      channel,
      transactionId,
      receivedAt: new Date().toISOString(),
      bytes: body.length,
      xml: text,
    });
    return { status: 200, answer: { ...base, Status: 'MODTAGET' } };
  }

  function status(uuid: string): Buffer | undefined {
    const m = messages.get(uuid.toLowerCase());
    if (!m) return undefined;
    const ready = Date.parse(m.receivedAt) + settings.statusDelayMs <= Date.now();
    const at = new Date(ready ? Date.parse(m.receivedAt) + settings.statusDelayMs : Date.now()).toISOString();
    if (!ready) return statusAnswerXml({ MessageUUID: m.messageUUID, Status: 'AFVENTER', Tidspunkt: at });
    if (settings.failDelivery.includes(m.recipientId)) {
      return statusAnswerXml({
        MessageUUID: m.messageUUID,
        Status: 'FEJLET',
        Kanal: m.channel,
        Tidspunkt: at,
        FejlTekst:
          m.channel === 'Fysisk Post'
            ? 'Brevet kom retur: ukendt adresse / the letter was returned: unknown address'
            : 'Levering mislykkedes / delivery failed',
      });
    }
    return statusAnswerXml({ MessageUUID: m.messageUUID, Status: 'LEVERET', Kanal: m.channel, Tidspunkt: at });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://simulator');
    const path = url.pathname;
    const send = (code: number, type: string, body: Buffer | string) => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    const json = (code: number, v: unknown) => send(code, 'application/json', JSON.stringify(v));
    try {
      // Inspection routes of the simulator itself (not part of Serviceplatformen).
      if (req.method === 'GET' && path === '/messages') {
        const only = url.searchParams.get('messageUUID')?.toLowerCase();
        return json(
          200,
          [...messages.values()].filter((m) => !only || m.messageUUID.toLowerCase() === only).map(({ recipientId: _omit, ...m }) => m),
        );
      }
      // A citizen (un)registers after a lookup was cached: the situation `Automatisk Valg` is for.
      const reg = /^\/_simulator\/registrations\/(\d{8}|\d{10})$/.exec(path);
      if (req.method === 'PUT' && reg) {
        const parsed = simRegistrationSchema.safeParse(JSON.parse((await readBody(req)).toString('utf8') || '{}'));
        if (!parsed.success)
          throw new HttpError(
            400,
            'REGISTRATION',
            `Ugyldig registrering / invalid registration: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
          );
        registrations[reg[1]!] = parsed.data;
        return json(200, parsed.data);
      }
      // SF1606: the Postkomponent delivering post to the platform (not part of Serviceplatformen's API).
      if (req.method === 'POST' && path === '/_simulator/inbound') {
        const a = await deliverInbound(await readBody(req), settings, pki);
        return send(a.status, a.contentType, a.body);
      }
      // The same with a sample message the simulator writes from a few JSON fields (`brevdue sandbox send-inbound`).
      if (req.method === 'POST' && path === '/_simulator/inbound/sample') {
        const parsed = inboundSampleSchema.safeParse(JSON.parse((await readBody(req)).toString('utf8') || '{}'));
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          throw new HttpError(400, 'SAMPLE', `Ugyldig prøve / invalid sample: ${i?.path.join('.') ?? ''}: ${i?.message ?? ''}`);
        }
        const a = await deliverInbound(inboundSampleMemo(parsed.data), settings, pki);
        return send(a.status, a.contentType, a.body);
      }
      if (req.method === 'POST' && path === '/_simulator/expire-tokens') {
        for (const t of tokens.values()) t.expiresAt = 0;
        return json(200, { expired: tokens.size });
      }
      const cert = clientCert(req);
      if (req.method === 'POST' && path === STS_ISSUE_PATH) return json(200, issueSaml(await readBody(req), cert));
      if (req.method === 'POST' && path === ACCESS_TOKEN_PATH) return json(200, issueAccessToken(await readBody(req), cert));
      const transactionId = sfHeaders(req);
      if (req.method === 'POST' && (path === PATHS.kombi || path === PATHS.memos)) {
        authorise(req, cert, ENTITY_IDS.kombiPostAfsend);
        const r = await kombi(await readBody(req), transactionId);
        return send(r.status, 'application/xml', kombiAnswerXml(r.answer));
      }
      const st = /^\/service\/KombiPostAfsend_1\/status\/([0-9a-fA-F-]{36})$/.exec(path);
      if (req.method === 'GET' && st) {
        authorise(req, cert, ENTITY_IDS.kombiPostAfsend);
        const body = status(st[1]!);
        return body
          ? send(200, 'application/xml', body)
          : send(
              404,
              'application/xml',
              kombiAnswerXml({
                TransaktionsId: transactionId,
                MessageUUID: st[1]!,
                Status: 'AFVIST',
                FejlKode: 'UNKNOWN_MESSAGE',
                FejlTekst: 'Ukendt messageUUID / unknown messageUUID',
              }),
            );
      }
      const pf = /^\/service\/PostForespoerg_1\/(digitalpost|nemsms)$/.exec(path);
      if (req.method === 'GET' && pf) {
        authorise(req, cert, ENTITY_IDS.postForespoerg);
        const cpr = url.searchParams.get('cprNumber');
        const cvr = url.searchParams.get('cvrNumber');
        const id = cpr ?? cvr ?? '';
        if (!(cpr ? isValidCpr(cpr) : cvr ? isValidCvr(cvr) : false))
          throw new HttpError(
            400,
            'INVALID_ID',
            'cprNumber eller cvrNumber mangler eller er ugyldigt / cprNumber or cvrNumber missing or invalid',
          );
        const reg = lookup(id);
        if (reg.digitalpost === 'unknown') throw new HttpError(404, 'UNKNOWN_RECIPIENT', 'Ukendt i CPR/CVR / unknown in CPR/CVR');
        if (pf[1] === 'nemsms') return json(200, { result: reg.nemsms });
        return json(200, reg.digitalpost === 'exempt' ? { result: false, fritaget: true } : { result: reg.digitalpost === 'registered' });
      }
      throw new HttpError(404, 'NOT_FOUND', `Ukendt sti / unknown path ${req.method} ${path}`);
    } catch (e) {
      const err = e instanceof HttpError ? e : new HttpError(500, 'INTERNAL', (e as Error).message);
      if (!res.headersSent) {
        const isKombi = path === PATHS.kombi || path === PATHS.memos;
        if (isKombi)
          send(
            err.status,
            'application/xml',
            kombiAnswerXml({
              TransaktionsId: String(req.headers['x-transaktionsid'] ?? ''),
              MessageUUID: '',
              Status: 'AFVIST',
              FejlKode: err.code,
              FejlTekst: err.message,
            }),
          );
        else json(err.status, { errorCode: err.code, errorText: err.message });
      }
      // Stop reading an oversized upload rather than buffering it.
      if (err.status === 413) req.destroy();
    }
  }

  const server = createServer(
    { key: pki.serverKeyPem, cert: pki.serverCertPem, ca: [pki.caPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => void handle(req, res),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, messages, expireTokens: () => tokens.forEach((t) => (t.expiresAt = 0)) }));
  });
}
