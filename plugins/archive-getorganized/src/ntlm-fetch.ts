/**
 * @module
 * HTTP with NTLM sign-in, as GetOrganized's IIS expects of a service account (the PHP client
 * OS2Forms uses sets `auth_ntlm`). NTLM signs in a connection, not a request: negotiate (type 1)
 * → the server's challenge (type 2) → authenticate (type 3), all on one connection, which then
 * stays signed in. So this keeps its own kept-alive connections (undici `Client`s, one request
 * at a time each) and signs each in once; a connection the server closed is opened and signed in
 * again. Messages are built by @node-ntlm/core (NTLMv2 when the server offers it, as Windows
 * servers do).
 */
import { Client } from 'undici';
import { createType1Message, createType3Message, extractNtlmMessageFromAuthenticateHeader, parseType2Message } from '@node-ntlm/core';

export interface NtlmCredentials {
  username: string;
  password: string;
  /** The account's Windows domain (NetBIOS name); may be empty. */
  domain: string;
  workstation: string;
}

export interface NtlmRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface NtlmFetch {
  (url: URL, init: NtlmRequest): Promise<Response>;
  close(): Promise<void>;
}

interface Connection {
  client: Client;
  signedIn: boolean;
}

/**
 * A fetch that signs its connections in with NTLM.
 * @param maxConnections connections per origin (requests beyond wait for a free one)
 * @example const f = createNtlmFetch({ username: 'svc-brevdue', password, domain: 'KOMMUNE', workstation: 'BREVDUE' });
 */
export function createNtlmFetch(creds: NtlmCredentials, maxConnections = 4): NtlmFetch {
  const idle = new Map<string, Connection[]>();
  const open = new Map<string, number>();
  const waiting = new Map<string, Array<(c: Connection) => void>>();
  const all = new Set<Client>();

  const acquire = (origin: string): Promise<Connection> => {
    const free = idle.get(origin)?.pop();
    if (free) return Promise.resolve(free);
    if ((open.get(origin) ?? 0) < maxConnections) {
      open.set(origin, (open.get(origin) ?? 0) + 1);
      const client = new Client(origin, { keepAliveTimeout: 30_000 });
      all.add(client);
      return Promise.resolve({ client, signedIn: false });
    }
    return new Promise((resolve) => waiting.set(origin, [...(waiting.get(origin) ?? []), resolve]));
  };
  const release = (origin: string, c: Connection) => {
    const next = waiting.get(origin)?.shift();
    if (next) next(c);
    else idle.set(origin, [...(idle.get(origin) ?? []), c]);
  };

  const send = (c: Connection, url: URL, init: NtlmRequest, authorization?: string) =>
    c.client.request({
      path: url.pathname + url.search,
      method: init.method as 'GET',
      headers: { ...init.headers, ...(authorization ? { authorization } : {}) },
      body: init.body,
      signal: init.signal,
    });

  /** Negotiate with a body-less GET (the body goes once, with the type 3 message), then the request itself. */
  async function signIn(c: Connection, url: URL, init: NtlmRequest) {
    const negotiate = await send(
      c,
      url,
      { method: 'GET', headers: { accept: init.headers.accept ?? '*/*' }, signal: init.signal },
      createType1Message({ domain: creds.domain, workstation: creds.workstation }),
    );
    await negotiate.body.dump();
    const challenge = extractNtlmMessageFromAuthenticateHeader(headerText(negotiate.headers['www-authenticate']));
    // No challenge: the server refused NTLM (or needs no sign-in); the request itself tells which.
    const authorization = challenge ? createType3Message(parseType2Message(challenge), creds) : undefined;
    const res = await send(c, url, init, authorization);
    c.signedIn = res.statusCode !== 401;
    return res;
  }

  const ntlmFetch = (async (url, init) => {
    const origin = url.origin;
    const c = await acquire(origin);
    try {
      let res = c.signedIn ? await send(c, url, init) : await signIn(c, url, init);
      if (res.statusCode === 401 && c.signedIn) {
        // The server closed the signed-in connection meanwhile; the client reconnected unsigned.
        await res.body.dump();
        res = await signIn(c, url, init);
      }
      const text = await res.body.text();
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, headerText(v));
      return new Response(res.statusCode === 204 || res.statusCode === 304 ? null : text, { status: res.statusCode, headers });
    } catch (e) {
      c.signedIn = false;
      throw e;
    } finally {
      release(origin, c);
    }
  }) as NtlmFetch;
  ntlmFetch.close = async () => {
    await Promise.all([...all].map((c) => c.close().catch(() => undefined)));
  };
  return ntlmFetch;
}

const headerText = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(', ') : (v ?? ''));
