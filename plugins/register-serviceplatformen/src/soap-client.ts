/**
 * @module
 * SOAP 1.1 over HTTPS to Serviceplatformen with the organisation's certificate (mutual TLS): each
 * request payload is validated against the service's schema before it leaves, each answer is
 * checked to be the expected element, and every failure becomes a register error with the kind
 * it deserves. Logs say which service and operation, how long, and the outcome — never a CPR.
 */
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { registerError, type PluginLogger, type ProviderError } from '@brevdue/shared/sdk';
import type { ClientCertificate } from './client-certificate.ts';
import { remoteWords, serviceName, type Messages } from './messages.ts';
import type { ServiceId } from './schema-validator.ts';
import { validatePayload } from './schema-validator.ts';
import { parsePayload, readFault, soapEnvelope, soapPayload, SoapFormatError, type SoapFault, type XmlObject } from './soap-envelope.ts';

/** One operation call. */
export interface SoapCall {
  service: ServiceId;
  /** The URL path of the service endpoint. */
  path: string;
  /** The WSDL's soapAction. */
  action: string;
  /** Local name of the answer element the operation returns. */
  answer: string;
  payload: XMLBuilder;
}

/** What a {@link SoapClient} needs: where, with which certificate, how long to wait, where to log. */
export interface SoapClientOptions {
  baseUrl: string;
  certificate: ClientCertificate;
  timeoutMs: number;
  logger: PluginLogger;
  text: Messages;
}

interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * How a fault reads. Serviceplatformen answers an unknown CPR with the fault text "PNR not found"
 * and an unknown CVR with "Required property '/virksomhed/CVRNummer' missing." (what the public
 * PHP client itk-dev/serviceplatformen recognises); an unknown agreement or user system with a
 * fault about the invocation context. The simulator answers the same texts.
 */
export function classifyFault(f: SoapFault): 'not-found' | 'auth' | 'client' | 'server' {
  const all = `${f.text} ${f.errors.map((e) => `${e.code} ${e.text}`).join(' ')}`;
  if (/PNR not found|CVRNummer' missing|not found/i.test(all)) return 'not-found';
  if (/InvocationContext|service ?agreement|serviceaftale|not authori[sz]ed|access denied/i.test(all)) return 'auth';
  return f.code === 'Client' ? 'client' : 'server';
}

/** Talks SOAP to Serviceplatformen; one instance per register. */
export class SoapClient {
  private readonly agent: Agent;

  constructor(private readonly o: SoapClientOptions) {
    const c = o.certificate;
    this.agent = new Agent({ pfx: c.pfx, passphrase: c.passphrase, ...(c.ca ? { ca: c.ca } : {}), keepAlive: true, maxSockets: 16 });
  }

  /**
   * Calls one operation and answers its parsed answer element (namespaces removed).
   * @throws ProviderError `NOT_FOUND`, `AUTH_FAILED`, `REJECTED`, `UNAVAILABLE` or `BAD_ANSWER`
   *   (see `REGISTER_ERROR_CODES`); `REJECTED` also when our own request fails the schema.
   */
  async call(c: SoapCall): Promise<XmlObject> {
    const name = serviceName(c.service);
    const payloadXml = c.payload.end({ headless: true });
    const invalid = validatePayload(c.service, payloadXml);
    // A request that breaks the schema is our bug: never send it (the remote would refuse it anyway).
    if (invalid.length) throw registerError('REJECTED', this.o.text.requestInvalid(name, remoteWords(invalid[0]!)));
    const started = performance.now();
    const log = (outcome: string, extra: object = {}) =>
      this.o.logger.info(
        { service: c.service, action: c.action.replace(/^.*\//, ''), ms: Math.round(performance.now() - started), outcome, ...extra },
        'register look-up',
      );
    let answer: HttpAnswer;
    try {
      answer = await this.post(c.path, c.action, soapEnvelope(c.payload));
    } catch (e) {
      log('unavailable');
      throw registerError('UNAVAILABLE', this.o.text.unavailable(name, remoteWords((e as Error).message)), { cause: e });
    }
    let result: XmlObject;
    try {
      result = this.read(c, name, answer);
    } catch (e) {
      log((e as ProviderError).code ?? 'error', { status: answer.status });
      throw e;
    }
    log('ok', { status: answer.status });
    return result;
  }

  private read(c: SoapCall, name: string, a: HttpAnswer): XmlObject {
    if (a.status === 401 || a.status === 403) throw registerError('AUTH_FAILED', this.o.text.authFailed(name, `HTTP ${a.status}`));
    let payload;
    try {
      payload = soapPayload(a.body);
    } catch (e) {
      if (a.status >= 500 || a.status === 429) throw registerError('UNAVAILABLE', this.o.text.unavailable(name, `HTTP ${a.status}`));
      throw registerError(
        'BAD_ANSWER',
        this.o.text.badAnswer(name, `HTTP ${a.status}: ${e instanceof SoapFormatError ? e.message : 'unreadable'}`),
      );
    }
    const fault = readFault(payload);
    if (fault) {
      const words = remoteWords(fault.errors[0]?.text || fault.text);
      switch (classifyFault(fault)) {
        case 'not-found':
          throw registerError('NOT_FOUND', c.service === 'sf1520' ? this.o.text.cprNotFound : this.o.text.cvrNotFound);
        case 'auth':
          throw registerError('AUTH_FAILED', this.o.text.authFailed(name, words));
        case 'client':
          throw registerError('REJECTED', this.o.text.rejected(name, words));
        default:
          throw registerError('UNAVAILABLE', this.o.text.unavailable(name, words));
      }
    }
    if (a.status !== 200)
      throw registerError(a.status >= 500 ? 'UNAVAILABLE' : 'BAD_ANSWER', this.o.text.badAnswer(name, `HTTP ${a.status}`));
    if (payload.localName !== c.answer)
      throw registerError('BAD_ANSWER', this.o.text.badAnswer(name, `${payload.localName} instead of ${c.answer}`));
    const invalid = validatePayload(c.service, payload.xml);
    if (invalid.length) throw registerError('BAD_ANSWER', this.o.text.badAnswer(name, remoteWords(invalid[0]!)));
    return parsePayload(payload.xml);
  }

  private post(path: string, action: string, body: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.o.baseUrl),
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.o.timeoutMs,
          headers: {
            'content-type': 'text/xml; charset=utf-8',
            soapaction: `"${action}"`,
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
