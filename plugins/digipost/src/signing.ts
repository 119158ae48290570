/**
 * @module
 * Digipost request signing (digipost-docs `source/api/security.rst`): every request carries
 * `X-Digipost-UserId` (the broker id), `Date` (RFC 1123, within five minutes of Digipost's clock),
 * `X-Content-SHA256` (base64 SHA-256 of the body; left out when there is no body) and
 * `X-Digipost-Signature`, an RSA-SHA256 signature (SHA256WithRSAEncryption) over the canonical
 * string:
 *
 * ```
 * POST\n/messages\ndate: <Date>\nx-content-sha256: <hash>\nx-digipost-userid: <id>\n<query>\n
 * ```
 *
 * Method upper case, path lower case, the signed headers with lower-case names in alphabetical
 * order, then the raw query string lower case — an empty line when there is none.
 */
import { createHash, createSign, createVerify, type KeyObject } from 'node:crypto';
import { HEADER } from './media-types.ts';

export interface RequestToSign {
  method: string;
  /** Raw path, e.g. `/messages`. */
  path: string;
  /** Raw query string without `?`, or ''. */
  query: string;
  date: string;
  userId: string;
  /** Base64 SHA-256 of the body; undefined for a request without body. */
  contentSha256?: string;
}

/** Base64 SHA-256 of a body, the `X-Content-SHA256` value. */
export function contentSha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('base64');
}

/** The canonical string Digipost signs and verifies, exactly as documented. */
export function canonicalRequestString(r: RequestToSign): string {
  let s = `${r.method.toUpperCase()}\n${r.path.toLowerCase()}\n`;
  s += `date: ${r.date}\n`;
  if (r.contentSha256 !== undefined) s += `x-content-sha256: ${r.contentSha256}\n`;
  s += `x-digipost-userid: ${r.userId}\n`;
  s += `${r.query.toLowerCase()}\n`;
  return s;
}

/** Canonical string of a response (status, request path, date, content hash). */
export function canonicalResponseString(r: { status: number; path: string; date: string; contentSha256?: string }): string {
  let s = `${r.status}\n${r.path.toLowerCase()}\n`;
  s += `date: ${r.date}\n`;
  if (r.contentSha256 !== undefined) s += `x-content-sha256: ${r.contentSha256}\n`;
  return s;
}

/** RSA-SHA256 signature in base64. */
export function signString(s: string, key: KeyObject): string {
  return createSign('RSA-SHA256').update(s, 'utf8').sign(key, 'base64');
}

/** Whether a base64 RSA-SHA256 signature over `s` verifies with the public key. */
export function verifyString(s: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(s, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** RFC 1123 date as Digipost wants it, e.g. `Wed, 29 Jun 2011 14:58:11 GMT`. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

/**
 * Builds the four security headers of a request.
 * @example signedHeaders({ method: 'POST', url: new URL('https://api.digipost.no/messages'), body, userId: '1234', key, now: new Date() })
 */
export function signedHeaders(opts: {
  method: string;
  url: URL;
  body?: Buffer;
  userId: string;
  key: KeyObject;
  now: Date;
}): Record<string, string> {
  const date = httpDate(opts.now);
  const hash = opts.body === undefined ? undefined : contentSha256(opts.body);
  const canonical = canonicalRequestString({
    method: opts.method,
    path: opts.url.pathname,
    query: opts.url.search.replace(/^\?/, ''),
    date,
    userId: opts.userId,
    contentSha256: hash,
  });
  const headers: Record<string, string> = { [HEADER.date]: date, [HEADER.userId]: opts.userId };
  if (hash !== undefined) headers[HEADER.contentSha256] = hash;
  headers[HEADER.signature] = signString(canonical, opts.key);
  return headers;
}
