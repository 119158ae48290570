/**
 * @module
 * A signed HTTP client for Digipost REST API v8: fetches the entry point (`GET /`) once and follows
 * its links (`create_message`, `identify_recipient`, `document_events`), as the official clients do.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { DIGIPOST_MEDIA_TYPE, HEADER, RELATION } from './media-types.ts';
import { canonicalResponseString, contentSha256, signedHeaders, verifyString } from './signing.ts';
import { parseXml } from './xml.ts';

export interface DigipostAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface DigipostClientOptions {
  baseUrl: string;
  brokerId: string;
  key: KeyObject;
  fetch: typeof fetch;
  now: () => Date;
  timeoutMs: number;
  /** Verify Digipost's signature on every answer with the certificate from the entry point. */
  verifyResponses: boolean;
}

/** A network failure (no answer at all). */
export class DigipostNetworkError extends Error {
  override readonly name = 'DigipostNetworkError';
}

/** An answer whose Digipost signature does not verify: it cannot be trusted. */
export class DigipostResponseSignatureError extends Error {
  override readonly name = 'DigipostResponseSignatureError';
}

/** An answer that is not what the call needed (e.g. the entry point refused with 401). */
export class DigipostAnswerError extends Error {
  override readonly name = 'DigipostAnswerError';
  readonly answer: DigipostAnswer;
  constructor(message: string, answer: DigipostAnswer) {
    super(message);
    this.answer = answer;
  }
}

/** Signed calls against one Digipost API root. */
export class DigipostClient {
  readonly #o: DigipostClientOptions;
  #links: Promise<{ links: Map<string, string>; certificate?: KeyObject }> | undefined;

  constructor(options: DigipostClientOptions) {
    this.#o = options;
  }

  /** Sends one signed request; the answer comes back whatever its status. */
  async request(method: 'GET' | 'POST', url: URL, body?: { contentType: string; bytes: Buffer }): Promise<DigipostAnswer> {
    const headers: Record<string, string> = {
      Accept: DIGIPOST_MEDIA_TYPE,
      ...signedHeaders({ method, url, body: body?.bytes, userId: this.#o.brokerId, key: this.#o.key, now: this.#o.now() }),
    };
    if (body) {
      headers['Content-Type'] = body.contentType;
      headers['MIME-Version'] = '1.0';
    }
    let res: Response;
    try {
      res = await this.#o.fetch(url, {
        method,
        headers,
        body: body?.bytes as RequestInit['body'],
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
    } catch (e) {
      throw new DigipostNetworkError(
        `${method} ${url.pathname}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`,
        { cause: e },
      );
    }
    const answer = { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
    // The entry point itself is not signed (it carries the certificate); 401 answers are not either.
    if (this.#o.verifyResponses && url.pathname !== '/' && res.status !== 401) await this.#verify(url, res.headers, answer);
    return answer;
  }

  /** Checks Digipost's answer signature (security.rst §4): Date, X-Content-SHA256, X-Digipost-Signature. */
  async #verify(url: URL, headers: Headers, a: DigipostAnswer): Promise<void> {
    const { certificate } = await this.#entryPoint();
    if (!certificate) throw new DigipostResponseSignatureError('the entry point gave no certificate to verify answers with');
    const date = headers.get('date') ?? '';
    const signature = headers.get(HEADER.signature) ?? '';
    const hash = headers.get(HEADER.contentSha256) ?? undefined;
    if (!date || !signature) throw new DigipostResponseSignatureError(`answer ${a.status} to ${url.pathname} is not signed`);
    if (Math.abs(Date.parse(date) - this.#o.now().getTime()) > 10 * 60_000)
      throw new DigipostResponseSignatureError(`answer Date ${date} is off by more than ten minutes`);
    if (a.body.length > 0 && hash !== contentSha256(a.body))
      throw new DigipostResponseSignatureError('answer X-Content-SHA256 does not match its body');
    const canonical = canonicalResponseString({
      status: a.status,
      path: url.pathname,
      date,
      contentSha256: a.body.length > 0 ? hash : undefined,
    });
    if (!verifyString(canonical, signature, certificate))
      throw new DigipostResponseSignatureError(
        `the signature of answer ${a.status} to ${url.pathname} does not verify with Digipost's certificate`,
      );
  }

  /** The URL of an entry-point link relation (e.g. `create_message`). */
  async link(relation: string): Promise<URL> {
    const uri = (await this.#entryPoint()).links.get(relation);
    if (!uri) throw new DigipostNetworkError(`the Digipost entry point has no "${relation}" link`);
    return new URL(uri, this.#o.baseUrl);
  }

  #entryPoint(): Promise<{ links: Map<string, string>; certificate?: KeyObject }> {
    this.#links ??= this.#fetchEntryPoint().catch((e: unknown) => {
      this.#links = undefined; // a failed discovery is retried on the next call
      throw e;
    });
    return this.#links;
  }

  async #fetchEntryPoint(): Promise<{ links: Map<string, string>; certificate?: KeyObject }> {
    const a = await this.request('GET', new URL('/', this.#o.baseUrl));
    if (a.status !== 200) throw new DigipostAnswerError(`GET / answered ${a.status}`, a);
    const ep = parseXml(a.body).entrypoint as { certificate?: string; link?: Array<Record<string, string>> } | undefined;
    const links = new Map<string, string>();
    for (const l of ep?.link ?? []) {
      const rel = l['@_rel'];
      const uri = l['@_uri'];
      if (rel && uri) links.set(rel.slice(rel.lastIndexOf('/') + 1).toLowerCase(), uri);
    }
    let certificate: KeyObject | undefined;
    try {
      certificate = ep?.certificate ? createPublicKey(ep.certificate.trim().replace(/^\s+/gm, '') + '\n') : undefined;
    } catch {
      certificate = undefined;
    }
    return { links, certificate };
  }

  /** POST an XML document to a link relation. */
  async postXml(relation: string, xml: string): Promise<DigipostAnswer> {
    return this.request('POST', await this.link(relation), { contentType: DIGIPOST_MEDIA_TYPE, bytes: Buffer.from(xml, 'utf8') });
  }

  /** POST the multipart send. */
  async sendMessage(body: { contentType: string; body: Buffer }): Promise<DigipostAnswer> {
    return this.request('POST', await this.link(RELATION.createMessage), { contentType: body.contentType, bytes: body.body });
  }

  /** GET `document-status` of a document by sender id and UUID. */
  async documentStatus(senderId: string, uuid: string): Promise<DigipostAnswer> {
    return this.request('GET', new URL(`/documents/${senderId}/${uuid}/status`, this.#o.baseUrl));
  }

  /** GET one page of `document-events`. */
  async documentEvents(from: Date, to: Date, offset: number, maxResults: number): Promise<DigipostAnswer> {
    const url = await this.link(RELATION.documentEvents);
    url.searchParams.set('from', digipostDateTime(from));
    url.searchParams.set('to', digipostDateTime(to));
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('maxResults', String(maxResults));
    return this.request('GET', url);
  }
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSSxxx` in UTC, the format of the official Java client. */
export function digipostDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}
