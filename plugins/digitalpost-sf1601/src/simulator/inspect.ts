/**
 * @module
 * A small HTTPS client for the simulator (tests, `brevdue simulate` users): trusts its test CA,
 * presents a client certificate when asked, and reads `GET /messages`.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { AcceptedMessage } from './sf1601-server.ts';

export interface SimRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** PKCS#12 file to present as client certificate, with its passphrase. */
  pfx?: { file: string; passphrase: string };
}

/** Sends one request to the simulator; answers status, content type and body text. */
export function simulatorRequest(
  base: { url: string; caFile: string },
  path: string,
  o: SimRequest = {},
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base.url),
      {
        method: o.method ?? 'GET',
        headers: { ...(o.headers ?? {}), ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}) },
        ca: readFileSync(base.caFile),
        ...(o.pfx ? { pfx: readFileSync(o.pfx.file), passphrase: o.pfx.passphrase } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/** The messages the simulator accepted (optionally only one message UUID). */
export async function acceptedMessages(base: { url: string; caFile: string }, messageUUID?: string): Promise<AcceptedMessage[]> {
  const r = await simulatorRequest(base, `/messages${messageUUID ? `?messageUUID=${encodeURIComponent(messageUUID)}` : ''}`);
  return JSON.parse(r.body) as AcceptedMessage[];
}
