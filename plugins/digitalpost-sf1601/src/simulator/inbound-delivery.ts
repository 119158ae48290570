/**
 * @module
 * The simulated Postkomponent's side of SF1606: `POST /_simulator/inbound` takes a MeMo message as
 * Digital Post hands it on, refuses what Digital Post would never pass on (not MeMo, a DTD, schema
 * errors), and delivers it to the platform's PostModtag over mutual TLS with the Postkomponent's
 * client certificate and the SF headers. The platform's verdict comes back as is: 2xx for accept,
 * 4xx with its reason for reject; 502 when the platform failed or could not be reached.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { validateAgainstSchemaAsync } from '../xsd-validator.ts';
import type { SimulatorSettings } from './simulator-settings.ts';
import type { TestPki } from './test-pki.ts';

export interface SimAnswer {
  status: number;
  contentType: string;
  body: Buffer | string;
}

const json = (status: number, errorCode: string, errorText: string): SimAnswer => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify({ errorCode, errorText }),
});

/** Delivers one message; answers what the simulator's caller gets back. */
export async function deliverInbound(body: Buffer, settings: SimulatorSettings, pki: TestPki): Promise<SimAnswer> {
  if (!settings.inboundUrl)
    return json(
      409,
      'INBOUND_URL',
      'Simulatorindstillingen inboundUrl mangler / the simulator setting inboundUrl is not set: ' +
        'angiv platformens PostModtag-URL / give the platform PostModtag URL',
    );
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(body.toString('latin1')))
    return json(400, 'DTD_NOT_ALLOWED', 'Digital Post videresender ikke XML med DOCTYPE / Digital Post passes on no XML with a DOCTYPE');
  const version = /<(?:\w+:)?Message\b[^>]*\bmemoVersion\s*=\s*["']([^"']*)["']/.exec(body.subarray(0, 4096).toString('utf8'))?.[1];
  if (version !== '1.1' && version !== '1.2')
    return json(400, 'MEMO_VERSION', `memoVersion "${String(version)}" understøttes ikke / is not supported`);
  const valid = await validateAgainstSchemaAsync(body, version === '1.1' ? 'memo-1.1' : 'memo-1.2');
  if (!valid.valid) return json(400, 'SCHEMA_VALIDATION', `Skemafejl / schema error: ${valid.errors.slice(0, 3).join('; ')}`);
  const a = await post(settings.inboundUrl, body, pki);
  if (a.status === 0) return json(502, 'PLATFORM_UNREACHABLE', `PostModtag kunne ikke nås / could not be reached: ${String(a.body)}`);
  if (a.status >= 500) {
    return {
      status: 502,
      contentType: 'application/json',
      body: JSON.stringify({
        errorCode: 'PLATFORM_FAILED',
        errorText: `PostModtag svarede HTTP ${a.status} / answered HTTP ${a.status}`,
        answer: a.body.toString().slice(0, 2000),
      }),
    };
  }
  return a;
}

/** One PostModtag call as the Postkomponent makes it, answer as received (exported for tests that send hostile bodies). */
export function post(
  url: string,
  body: Buffer | string,
  pki: Pick<TestPki, 'caPem' | 'postkomponentKeyFile' | 'postkomponentCertFile'>,
  present = true,
): Promise<SimAnswer> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/xml',
          'content-length': String(Buffer.byteLength(body)),
          'x-TransaktionsId': randomUUID(),
          'x-TransaktionsTid': new Date().toISOString(),
        },
        ca: pki.caPem,
        ...(present ? { key: readFileSync(pki.postkomponentKeyFile), cert: readFileSync(pki.postkomponentCertFile) } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? 'application/xml'),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    // Status 0: no answer at all (refused connection, TLS failure); the body says why.
    req.on('error', (e) => resolve({ status: 0, contentType: 'text/plain', body: e.message }));
    req.end(body);
  });
}
