/**
 * @module
 * A small HTTPS client for the simulator (tests, people trying it): trusts its test CA and
 * presents a client certificate when given one.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/** One request to the simulator. */
export interface SimRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PKCS#12 file to present as client certificate, with its passphrase. */
  pfx?: { file: string; passphrase: string };
}

/**
 * Sends one request to the simulator; answers status, content type and body text.
 * @example await simulatorRequest({ url: sim.url, caFile: sim.info.caFile }, '/_simulator/fail-next', { method: 'POST' })
 */
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
