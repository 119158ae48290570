/**
 * @module
 * HTTPS to Serviceplatformen over mutual TLS with the organisation's certificate: a SAML token
 * from the security token service (STS), exchanged for an access token, presented as
 * `Authorization: Holder-of-key <token>` with `x-TransaktionsId` / `x-TransaktionsTid` on every
 * call (the shape itk-dev/serviceplatformen and python-serviceplatformen use).
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:https';
import { ProviderError } from '@brevdue/shared/sdk';
import type { ClientCertificate } from './client-certificate.ts';
import { sendText } from './messages.ts';

/** An HTTP answer, body as received. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface ServiceplatformenOptions {
  serviceplatformen: string;
  sts: string;
  cvr: string;
  certificate: ClientCertificate;
  timeoutMs: number;
  now(): Date;
}

/** STS paths as the public clients call them. */
export const STS_ISSUE_PATH = '/runtime/api/rest/wstrust/v1/issue';
export const ACCESS_TOKEN_PATH = '/service/AccessTokenService_1/token';

/** Talks to Serviceplatformen; one instance per provider, tokens cached per entity id in memory. */
export class ServiceplatformenClient {
  private readonly agent: Agent;
  private readonly tokens = new Map<string, { header: string; until: number }>();

  constructor(private readonly o: ServiceplatformenOptions) {
    const c = o.certificate;
    this.agent = new Agent({ pfx: c.pfx, passphrase: c.passphrase, ...(c.ca ? { ca: c.ca } : {}), keepAlive: true, maxSockets: 32 });
  }

  /** Plain HTTPS request over the mutual-TLS agent. Network failures are transient. */
  async http(method: string, url: string, headers: Record<string, string>, body?: Buffer | string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          agent: this.agent,
          timeout: this.o.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? 'application/octet-stream'),
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      req.on('error', (e) => reject(new ProviderError('transient', 'UNAVAILABLE', sendText.remoteUnavailable(e.message), { cause: e })));
      req.end(body);
    });
  }

  /** An `Authorization` header value for a service, from cache or a fresh STS round. */
  async authorization(entityId: string): Promise<string> {
    const cached = this.tokens.get(entityId);
    if (cached && cached.until > this.o.now().getTime()) return cached.header;
    const issue = await this.http(
      'POST',
      new URL(STS_ISSUE_PATH, this.o.sts).href,
      { 'content-type': 'application/json', accept: 'application/json' },
      JSON.stringify({
        TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
        RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
        KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey',
        AnvenderKontekst: { Cvr: this.o.cvr },
        UseKey: this.o.certificate.certificateBase64,
        AppliesTo: { EndpointReference: { Address: entityId } },
        OnBehalfOf: null,
      }),
    );
    if (issue.status !== 200) throw authError('STS', issue);
    const assertion = (JSON.parse(issue.body.toString('utf8')) as { RequestedSecurityToken?: { Assertion?: string } })
      .RequestedSecurityToken?.Assertion;
    if (!assertion) throw authError('STS', issue);
    const token = await this.http(
      'POST',
      new URL(ACCESS_TOKEN_PATH, this.o.serviceplatformen).href,
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      new URLSearchParams({ 'saml-token': assertion }).toString(),
    );
    if (token.status !== 200) throw authError('AccessTokenService', token);
    const t = JSON.parse(token.body.toString('utf8')) as { token_type: string; access_token: string; expires_in: number };
    const header = `${t.token_type} ${t.access_token}`;
    // Renew a minute early (or halfway for short-lived tokens) so a token never expires in flight.
    const marginMs = Math.min(60_000, (t.expires_in * 1000) / 2);
    this.tokens.set(entityId, { header, until: this.o.now().getTime() + t.expires_in * 1000 - marginMs });
    return header;
  }

  /**
   * Calls a service with the SF headers. A 401 drops the cached token and tries once more
   * with a fresh one (the token may have been revoked or expired early).
   */
  async call(
    entityId: string,
    method: string,
    path: string,
    body?: Buffer,
    contentType = 'application/xml',
  ): Promise<HttpAnswer & { transactionId: string }> {
    for (let attempt = 0; ; attempt++) {
      const transactionId = randomUUID();
      const headers: Record<string, string> = {
        'x-TransaktionsId': transactionId,
        'x-TransaktionsTid': this.o.now().toISOString(),
        authorization: await this.authorization(entityId),
        accept: 'application/xml, application/json',
        ...(body ? { 'content-type': contentType } : {}),
      };
      const answer = await this.http(method, new URL(path, this.o.serviceplatformen).href, headers, body);
      if (answer.status === 401 && attempt === 0) {
        this.tokens.delete(entityId);
        continue;
      }
      return { ...answer, transactionId };
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

function authError(step: string, a: HttpAnswer): ProviderError {
  const detail = `${step} HTTP ${a.status}: ${a.body.toString('utf8').slice(0, 200)}`;
  // A refused certificate or agreement will not heal by retrying; an outage will.
  return new ProviderError(a.status >= 500 ? 'transient' : 'permanent', 'AUTH_FAILED', sendText.authFailed(detail), {
    receipt: { mediaType: a.contentType, body: a.body },
  });
}
