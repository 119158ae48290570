/**
 * The simulator refuses what Serviceplatformen refuses: no or untrusted client certificate,
 * missing SF headers, missing or expired tokens, schema errors, oversized messages, unknown
 * recipients; a repeated messageUUID is answered as a duplicate.
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestLetter, memoryDocument } from '@brevdue/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, ENTITY_IDS } from '../config.ts';
import { loadClientCertificate } from '../client-certificate.ts';
import { buildKombiRequest } from '../kombi-request.ts';
import { ACCESS_TOKEN_PATH, STS_ISSUE_PATH } from '../serviceplatformen-client.ts';
import { PATHS } from '../sf1601-answers.ts';
import { sf1601Simulator, type Sf1601SimulatorInfo } from './index.ts';
import { simulatorRequest } from './inspect.ts';

type Sim = Awaited<ReturnType<typeof sf1601Simulator.start>> & { info: Sf1601SimulatorInfo; expireTokens(): void };

let sim: Sim;
let base: { url: string; caFile: string };
let pfx: { file: string; passphrase: string };
const memo = { version: '1.2' as const, cvr: '29189846', caseSystem: 'Brevdue' };
const print = { envelope: 'C5' as const, userName: 'Brevdue' };

const sfHeaders = () => ({ 'x-TransaktionsId': randomUUID(), 'x-TransaktionsTid': new Date().toISOString() });

async function token(entityId: string = ENTITY_IDS.kombiPostAfsend): Promise<string> {
  const cfg = configSchema.parse({ cvr: '29189846', certificate: { path: pfx.file, passphraseFile: sim.info.passphraseFile } });
  const cert = loadClientCertificate('t', cfg);
  const saml = await simulatorRequest(base, STS_ISSUE_PATH, {
    method: 'POST',
    pfx,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      AnvenderKontekst: { Cvr: '29189846' },
      UseKey: cert.certificateBase64,
      AppliesTo: { EndpointReference: { Address: entityId } },
    }),
  });
  expect(saml.status).toBe(200);
  const assertion = (JSON.parse(saml.body) as { RequestedSecurityToken: { Assertion: string } }).RequestedSecurityToken.Assertion;
  const t = await simulatorRequest(base, ACCESS_TOKEN_PATH, {
    method: 'POST',
    pfx,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'saml-token': assertion }).toString(),
  });
  expect(t.status).toBe(200);
  const j = JSON.parse(t.body) as { token_type: string; access_token: string };
  return `${j.token_type} ${j.access_token}`;
}

async function post(body: string | Buffer, headers: Record<string, string>, withCert = true) {
  return simulatorRequest(base, PATHS.kombi, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', ...headers },
    body,
    ...(withCert ? { pfx } : {}),
  });
}

beforeAll(async () => {
  sim = (await sf1601Simulator.start({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'sf1601-sim-')),
    settings: { statusDelayMs: 0, maxShipmentBytes: 1024 * 1024 },
  })) as Sim;
  base = { url: sim.url, caFile: sim.info.caFile };
  pfx = { file: sim.info.clientCertificate, passphrase: sim.info.passphrase };
});
afterAll(async () => sim?.close());

describe('SF1601 simulator refusals', () => {
  it('no client certificate: 403', async () => {
    const r = await post('<kombi_request/>', sfHeaders(), false);
    expect(r.status).toBe(403);
    expect(r.body).toContain('CLIENT_CERTIFICATE_REQUIRED');
  });

  it('a certificate from another CA: 403', async () => {
    const r = await simulatorRequest(base, STS_ISSUE_PATH, {
      method: 'POST',
      pfx: { file: sim.info.foreignClientCertificate, passphrase: sim.info.passphrase },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(r.body).toContain('CLIENT_CERTIFICATE_UNTRUSTED');
  });

  it('missing x-TransaktionsId / x-TransaktionsTid: 400', async () => {
    const auth = await token();
    const noId = await post('<kombi_request/>', { authorization: auth, 'x-TransaktionsTid': new Date().toISOString() });
    expect(noId.status).toBe(400);
    expect(noId.body).toContain('x-TransaktionsId');
    const noTime = await post('<kombi_request/>', { authorization: auth, 'x-TransaktionsId': randomUUID() });
    expect(noTime.status).toBe(400);
    expect(noTime.body).toContain('x-TransaktionsTid');
  });

  it('no token, a token for another service, an expired token: 401', async () => {
    const req = await buildKombiRequest(makeTestLetter(), memo, print);
    expect((await post(req.body, sfHeaders())).status).toBe(401);
    const other = await post(req.body, { ...sfHeaders(), authorization: await token(ENTITY_IDS.postForespoerg) });
    expect(other.status).toBe(401);
    expect(other.body).toContain('TOKEN_WRONG_SERVICE');
    const auth = await token();
    sim.expireTokens();
    const expired = await post(req.body, { ...sfHeaders(), authorization: auth });
    expect(expired.status).toBe(401);
    expect(expired.body).toContain('TOKEN_EXPIRED');
  });

  it('a schema error: 400 naming the element', async () => {
    const req = await buildKombiRequest(makeTestLetter(), memo, print);
    const broken = req.body.toString('utf8').replace(/<memo:label>[^<]*<\/memo:label>/, '');
    const r = await post(broken, { ...sfHeaders(), authorization: await token() });
    expect(r.status).toBe(400);
    expect(r.body).toContain('SCHEMA_VALIDATION');
    expect(r.body).toContain('label');
  });

  it('an accepted message, then the same messageUUID again: 409 duplicate, kept once', async () => {
    const l = makeTestLetter();
    const req = await buildKombiRequest(l, memo, print);
    const auth = await token();
    const first = await post(req.body, { ...sfHeaders(), authorization: auth });
    expect(first.status).toBe(200);
    expect(first.body).toContain('<Status>MODTAGET</Status>');
    const again = await post(req.body, { ...sfHeaders(), authorization: auth });
    expect(again.status).toBe(409);
    expect(again.body).toContain('<Status>DUBLET</Status>');
    const kept = JSON.parse((await simulatorRequest(base, `/messages?messageUUID=${l.messageId}`)).body) as unknown[];
    expect(kept).toHaveLength(1);
  });

  it('documents over the size limit: 413 (limit lowered to 1 MB for this simulator)', async () => {
    const big = memoryDocument(Buffer.alloc(1024 * 1024 + 10, 1), 'stor.pdf');
    const req = await buildKombiRequest(makeTestLetter({ mainDocument: big }), memo, print);
    const r = await post(req.body, { ...sfHeaders(), authorization: await token() });
    expect(r.status).toBe(413);
    expect(r.body).toContain('TOO_LARGE');
  });

  it('an unknown recipient, and Digital Post to an exempt one: 422', async () => {
    const auth = await token();
    const unknown = await buildKombiRequest(makeTestLetter({ recipient: { idType: 'CPR', id: '0606904312' } }), memo, print);
    const r1 = await post(unknown.body, { ...sfHeaders(), authorization: auth });
    expect(r1.status).toBe(422);
    expect(r1.body).toContain('UNKNOWN_RECIPIENT');
    const exempt = await buildKombiRequest(
      makeTestLetter({ recipient: { idType: 'CPR', id: '0505904315' }, printFallback: false }),
      memo,
      print,
    );
    const r2 = await post(exempt.body, { ...sfHeaders(), authorization: auth });
    expect(r2.status).toBe(422);
    expect(r2.body).toContain('NOT_REGISTERED');
  });

  it('PostForespoerg answers from the table, 404 for someone unknown', async () => {
    const auth = await token(ENTITY_IDS.postForespoerg);
    const ask = (p: string) => simulatorRequest(base, p, { pfx, headers: { ...sfHeaders(), authorization: auth } });
    expect(JSON.parse((await ask('/service/PostForespoerg_1/digitalpost?cprNumber=0101904321')).body)).toEqual({ result: true });
    expect(JSON.parse((await ask('/service/PostForespoerg_1/digitalpost?cprNumber=0303904313')).body)).toEqual({ result: false });
    expect(JSON.parse((await ask('/service/PostForespoerg_1/nemsms?cprNumber=0202904318')).body)).toEqual({ result: false });
    expect((await ask('/service/PostForespoerg_1/digitalpost?cprNumber=0606904312')).status).toBe(404);
  });

  it('a registration changed at run time answers from then on; a bad one is refused', async () => {
    const auth = await token(ENTITY_IDS.postForespoerg);
    const ask = async () =>
      JSON.parse(
        (
          await simulatorRequest(base, '/service/PostForespoerg_1/digitalpost?cprNumber=1010904318', {
            pfx,
            headers: { ...sfHeaders(), authorization: auth },
          })
        ).body,
      ) as unknown;
    expect(await ask()).toEqual({ result: true });
    const put = (body: unknown) =>
      simulatorRequest(base, '/_simulator/registrations/1010904318', { method: 'PUT', body: JSON.stringify(body) });
    expect((await put({ digitalpost: 'exempt' })).status).toBe(200);
    expect(await ask()).toEqual({ result: false, fritaget: true });
    expect((await put({ digitalpost: 'maybe' })).status).toBe(400);
  });

  it('a sample of received post with a bad field is refused naming it; without inboundUrl it says what to set', async () => {
    const json = { 'content-type': 'application/json' };
    const bad = await simulatorRequest(base, '/_simulator/inbound/sample', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ cvr: '123' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('cvr');
    const unset = await simulatorRequest(base, '/_simulator/inbound/sample', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ cvr: '29189846' }),
    });
    expect(unset.status).toBe(409);
    expect(unset.body).toContain('inboundUrl');
  });
});
