/**
 * SF1606 PostModtag against the simulated Postkomponent: the shared inbound contract, DIGST's
 * official MeMo examples readdressed to the organisation, hostile input (XXE, billion laughs,
 * oversize, wrong or missing client certificate) refused with nothing handed on, and the
 * reverse-proxy mode on the platform's own port.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { InboundMessage, InboundReceipt, PluginContext, Provider } from '@brevdue/shared/sdk';
import { makeTestContext, testInbound } from '@brevdue/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../index.ts';
import { sf1601Simulator, type Sf1601SimulatorInfo } from '../simulator/index.ts';
import { post, type SimAnswer } from '../simulator/inbound-delivery.ts';
import { ensureTestPki } from '../simulator/test-pki.ts';
import { simulatorRequest } from '../simulator/inspect.ts';
import { parsePostModtagAnswer } from './sf1606-answers.ts';

type Sim = Awaited<ReturnType<typeof sf1601Simulator.start>> & { info: Sf1601SimulatorInfo };
const CVR = '29189846';
const sample = (p: string) => readFileSync(fileURLToPath(new URL(`../../test-data/memo-samples/${p}`, import.meta.url)), 'utf8');
const ORIGINAL_UUID = /8C2EA15D-61FB-4BA9-9366-42F8B194C114/gi;

/** An official sample addressed to the organisation, with its own message UUID. */
function addressed(xml: string, uuid: string = randomUUID()): string {
  return xml
    .replace(ORIGINAL_UUID, uuid)
    .replace(/(<memo:Recipient>\s*<memo:recipientID>)[^<]*(<\/memo:recipientID>\s*<memo:idType>)CPR/, `$1${CVR}$2CVR`);
}
const minimal = (uuid?: string) => addressed(sample('python-serviceplatformen-v1.2/MeMo_Minimum_Example.xml'), uuid);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

let sim: Sim;
let dataDir: string;
let port: number;
let url: string;
const pki = () => ensureTestPki(dataDir);

const inboundConfig = (extra: Record<string, unknown> = {}) =>
  plugin.configSchema.parse({
    cvr: CVR,
    endpoints: { serviceplatformen: sim.info.serviceplatformen, sts: sim.info.sts, caFile: sim.info.caFile },
    certificate: { path: sim.info.clientCertificate, passphraseFile: sim.info.passphraseFile },
    inbound: { caFile: sim.info.caFile, listener: { port, host: '127.0.0.1', ...sim.info.serverCertificate }, ...extra },
  });

const toSim = (body: string | Buffer) =>
  simulatorRequest({ url: sim.url, caFile: sim.info.caFile }, '/_simulator/inbound', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/xml' },
  });
const verdict = (a: { status: number; body: string | Buffer }) => ({ status: a.status, answer: parsePostModtagAnswer(a.body) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sf1606-'));
  port = await freePort();
  url = `https://127.0.0.1:${port}/v1/plugins/digitalpost-sf1601/sf1606/PostModtag`;
  sim = (await sf1601Simulator.start({ port: 0, dataDir, settings: { statusDelayMs: 0, inboundUrl: url } })) as Sim;
});
afterAll(async () => sim?.close());

async function withProvider<T>(
  receive: PluginContext['receive'],
  fn: (p: Provider) => Promise<T>,
  extra: Record<string, unknown> = {},
): Promise<T> {
  const p = await plugin.create(inboundConfig(extra), makeTestContext({ name: 'digitalpost-sf1601', ...(receive ? { receive } : {}) }));
  try {
    return await fn(p);
  } finally {
    await p.close?.();
  }
}

describe('SF1606 PostModtag', () => {
  testInbound({
    definition: plugin,
    setup: async (receive) => {
      const p = await plugin.create(inboundConfig(), makeTestContext({ name: 'digitalpost-sf1601', receive }));
      const accepted = (a: SimAnswer | { status: number; body: string }) => ({
        accepted: a.status === 200 && parsePostModtagAnswer(a.body)?.Status === 'ACCEPTERET',
        status: a.status,
      });
      return {
        deliver: async (id) => accepted(await toSim(minimal(id))),
        deliverMalformed: async (kind) => {
          const body =
            kind === 'not-xml-or-json'
              ? 'this is not xml'
              : kind === 'schema-invalid'
                ? minimal().replace(/<memo:label>Pladsanvisning<\/memo:label>/, '')
                : `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>${minimal()
                    .replace(/^<\?xml[^>]*\?>/, '')
                    .replace('Pladsanvisning</memo:label>', '&x;</memo:label>')}`;
          // Straight to PostModtag with the Postkomponent's certificate: the platform must refuse it itself.
          return accepted(await post(url, body, pki()));
        },
        teardown: async () => p.close?.(),
      };
    },
  });

  it("receives DIGST's official examples (1.1 and 1.2) addressed to the organisation, normalised", async () => {
    const got: InboundMessage[] = [];
    const receive = async (m: InboundMessage): Promise<InboundReceipt> => (got.push(m), { messageId: randomUUID(), duplicate: false });
    await withProvider(receive, async () => {
      const files = [
        'official-v1.1/MeMo_Full_Example.xml',
        'official-v1.1/MeMo_Minimum_Example.xml',
        'python-serviceplatformen-v1.2/MeMo_Full_Example.xml',
        'python-serviceplatformen-v1.2/MeMo_Minimum_Example.xml',
        'python-serviceplatformen-v1.2/MeMo_with_attachment.xml',
      ];
      for (const f of files) {
        const xml = sample(f)
          .replace(/(<memo:Recipient>\s*<memo:recipientID>)[^<]*(<\/memo:recipientID>\s*<memo:idType>)CPR/, `$1${CVR}$2CVR`)
          .replace(ORIGINAL_UUID, randomUUID());
        const r = verdict(await toSim(xml));
        expect({ f, ...r }).toMatchObject({ f, status: 200, answer: { Status: 'ACCEPTERET' } });
      }
    });
    expect(got).toHaveLength(5);
    const full = got[0]!;
    expect(full.sender).toEqual({ idType: 'CVR', id: '12345678', name: 'Kommunen' });
    expect(full.recipient).toMatchObject({ idType: 'CVR', id: CVR });
    expect(full.routing).toMatchObject({
      kle: '00.00.00',
      form: '00.00.00.00',
      caseId: 'SAG-12345',
      pNumber: '1234567890',
      cvr: '12345678',
    });
    // The ReplyData entry whose replyUUID is this message names the letter answered.
    expect(full.replyTo).toMatchObject({
      messageUuid: '8c2ea15d-61fb-4ba9-9366-42f8b194c657',
      caseId: 'SAG-4567',
      generatingSystemId: 'ABC-1234',
    });
    expect(full.forwardOf).toMatchObject({ originalSender: 'Kommunen', comment: 'kommentar til modtageren' });
    expect(full.documents[0]).toMatchObject({ filename: 'Pladsanvisning.pdf', mediaType: 'application/pdf', role: 'main' });
    expect(full.documents[0]!.content.toString()).toBe('This is a test');
    expect(full.documents.map((d) => d.role)).toContain('additional');
    expect(full.createdAt?.toISOString()).toBe('2018-05-03T12:00:00.000Z');
  });

  it('refuses a billion-laughs body, a message to another organisation and an oversized body; nothing handed on', async () => {
    const got: InboundMessage[] = [];
    const receive = async (m: InboundMessage): Promise<InboundReceipt> => (got.push(m), { messageId: randomUUID(), duplicate: false });
    await withProvider(
      receive,
      async () => {
        const laughs = '&lol;'.repeat(10);
        const dtd = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "${laughs}">]>`;
        const lol = `<?xml version="1.0"?>${dtd}<memo:Message memoVersion="1.2">&lol2;</memo:Message>`;
        expect(verdict(await post(url, lol, pki()))).toMatchObject({
          status: 400,
          answer: { Status: 'AFVIST', FejlKode: 'DTD_NOT_ALLOWED' },
        });
        const other = minimal().replace(`<memo:recipientID>${CVR}</memo:recipientID>`, '<memo:recipientID>12345678</memo:recipientID>');
        expect(verdict(await toSim(other))).toMatchObject({ status: 422, answer: { FejlKode: 'WRONG_RECIPIENT' } });
        const big = minimal().replace('VGhpcyBpcyBhIHRlc3Q=', 'A'.repeat(300 * 1024));
        expect(verdict(await post(url, big, pki()))).toMatchObject({ status: 413, answer: { FejlKode: 'TOO_LARGE' } });
      },
      { maxMessageBytes: 256 * 1024 },
    );
    expect(got).toHaveLength(0);
  });

  it('refuses a caller without the certificate or with one from another CA (403)', async () => {
    await withProvider(
      async () => ({ messageId: randomUUID(), duplicate: false }),
      async () => {
        expect(verdict(await post(url, minimal(), pki(), false))).toMatchObject({
          status: 403,
          answer: { FejlKode: 'CLIENT_CERTIFICATE_REQUIRED' },
        });
        const foreign = join(dataDir, 'foreign');
        const other = ensureTestPki(foreign);
        const r = await post(url, minimal(), {
          caPem: pki().caPem,
          postkomponentKeyFile: other.postkomponentKeyFile,
          postkomponentCertFile: other.postkomponentCertFile,
        });
        expect(verdict(r)).toMatchObject({ status: 403, answer: { FejlKode: 'CLIENT_CERTIFICATE_UNTRUSTED' } });
      },
    );
  });

  it('answers 503 (not accept) while the platform does not take inbound post', async () => {
    await withProvider(undefined, async () => {
      expect(verdict(await toSim(minimal()))).toMatchObject({ status: 502 });
      expect(verdict(await post(url, minimal(), pki()))).toMatchObject({
        status: 503,
        answer: { Status: 'AFVIST', FejlKode: 'NOT_AVAILABLE' },
      });
    });
  });

  it('behind a reverse proxy: the certificate from the named header is checked; none refuses', async () => {
    const got: InboundMessage[] = [];
    const receive = async (m: InboundMessage): Promise<InboundReceipt> => (got.push(m), { messageId: randomUUID(), duplicate: false });
    const p = await plugin.create(
      plugin.configSchema.parse({
        ...inboundConfig(),
        inbound: { caFile: sim.info.caFile, proxy: { certificateHeader: 'x-client-cert' } },
      }),
      makeTestContext({ name: 'digitalpost-sf1601', receive }),
    );
    const app = new Hono();
    p.routes!(app);
    const pem = readFileSync(pki().postkomponentCertFile, 'utf8');
    const call = (headers: Record<string, string>) =>
      app.request('/sf1606/PostModtag', { method: 'POST', body: minimal(), headers: { 'content-type': 'application/xml', ...headers } });
    const ok = await call({ 'x-client-cert': encodeURIComponent(pem) });
    expect(ok.status).toBe(200);
    expect(parsePostModtagAnswer(await ok.text())?.Status).toBe('ACCEPTERET');
    expect((await call({})).status).toBe(403);
    const foreign = readFileSync(ensureTestPki(join(dataDir, 'foreign')).postkomponentCertFile, 'utf8');
    expect((await call({ 'x-client-cert': encodeURIComponent(foreign) })).status).toBe(403);
    expect(got).toHaveLength(1);
    await p.close?.();
  });

  it('refuses a bad inbound config at start-up naming the field', async () => {
    expect(() => plugin.configSchema.parse({ ...inboundConfig(), inbound: { caFile: sim.info.caFile } })).toThrow(
      /inbound\.listener|listener/,
    );
    expect(() =>
      plugin.create(
        plugin.configSchema.parse({ ...inboundConfig(), inbound: { caFile: '/nonexistent.pem', proxy: {} } }),
        makeTestContext(),
      ),
    ).toThrow(/inbound\.caFile/);
  });
});
