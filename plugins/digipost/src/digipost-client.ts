/**
 * @module
 * A signed HTTP client for Digipost REST API v8: fetches the entry point (`GET /`) once and follows
 * its links (`create_message`, `identify_recipient`, `document_events`), as the official clients do.
 */
import type { KeyObject } from 'node:crypto';
import { DIGIPOST_MEDIA_TYPE, HEADER, RELATION } from './media-types.ts';
import { signedHeaders } from './signing.ts';
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
}

/** A network failure (no answer at all). */
export class DigipostNetworkError extends Error {
  override readonly name = 'DigipostNetworkError';
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
  #links: Promise<Map<string, string>> | undefined;

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
      res = await this.#o.fetch(url, { method, headers, body: body?.bytes as RequestInit['body'], signal: AbortSignal.timeout(this.#o.timeoutMs) });
    } catch (e) {
      throw new DigipostNetworkError(`${method} ${url.pathname}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`, { cause: e });
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  }

  /** The URL of an entry-point link relation (e.g. `create_message`). */
  async link(relation: string): Promise<URL> {
    this.#links ??= this.#fetchEntryPoint().catch((e: unknown) => {
      this.#links = undefined; // a failed discovery is retried on the next call
      throw e;
    });
    const uri = (await this.#links).get(relation);
    if (!uri) throw new DigipostNetworkError(`the Digipost entry point has no "${relation}" link`);
    return new URL(uri, this.#o.baseUrl);
  }

  async #fetchEntryPoint(): Promise<Map<string, string>> {
    const a = await this.request('GET', new URL('/', this.#o.baseUrl));
    if (a.status !== 200) throw new DigipostAnswerError(`GET / answered ${a.status}`, a);
    const ep = parseXml(a.body).entrypoint as { link?: Array<Record<string, string>> } | undefined;
    const links = new Map<string, string>();
    for (const l of ep?.link ?? []) {
      const rel = l['@_rel'];
      const uri = l['@_uri'];
      if (rel && uri) links.set(rel.slice(rel.lastIndexOf('/') + 1).toLowerCase(), uri);
    }
    return links;
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

export { HEADER };
