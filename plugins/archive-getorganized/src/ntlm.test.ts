import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'undici';
import { createType1Message, createType3Message, extractNtlmMessageFromAuthenticateHeader, parseType2Message } from '@node-ntlm/core';
import type { RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestArchiveItem, makeTestContext } from '@brevdue/shared/testing';
import plugin, { createGetOrganizedTarget, getOrganizedConfigSchema } from './index.ts';

const account = { username: 'brevdue', password: 'brevdue-sim', domain: 'KOMMUNE', workstation: 'TEST' };
const find = JSON.stringify({ FieldProperties: [{ InternalName: 'ows_Title', Value: 'x' }], CaseTypePrefixes: ['BOR'] });

describe('NTLM sign-in against the GetOrganized simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await plugin.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'go-ntlm-')) });
  });
  afterAll(async () => sim?.close());

  /** Negotiates on one connection and answers the challenge as `answer` builds it. */
  async function handshake(client: Client, answer: (type2: ReturnType<typeof parseType2Message>) => string) {
    const path = '/_goapi/Cases/FindByCaseProperties';
    const negotiate = await client.request({ path, method: 'GET', headers: { authorization: createType1Message(account) } });
    await negotiate.body.dump();
    expect(negotiate.statusCode).toBe(401);
    const type2 = parseType2Message(extractNtlmMessageFromAuthenticateHeader(String(negotiate.headers['www-authenticate']))!);
    const res = await client.request({
      path,
      method: 'POST',
      headers: { authorization: answer(type2), 'content-type': 'application/json' },
      body: find,
    });
    await res.body.dump();
    return res.statusCode;
  }

  it('signs a connection in once (NTLMv2); later requests on it need no header, other connections do', async () => {
    const client = new Client(sim.url);
    try {
      expect(await handshake(client, (t2) => createType3Message(t2, account))).toBe(200);
      const again = await client.request({
        path: '/_goapi/Cases/FindByCaseProperties',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: find,
      });
      await again.body.dump();
      expect(again.statusCode).toBe(200);
      const other = await fetch(`${sim.url}/_goapi/Cases/FindByCaseProperties`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: find,
      });
      expect(other.status).toBe(401);
    } finally {
      await client.close();
    }
  });

  it('refuses a wrong password, another domain, an NTLMv1 answer and HTTP Basic', async () => {
    const attempts = {
      password: (t2: ReturnType<typeof parseType2Message>) => createType3Message(t2, { ...account, password: 'wrong' }),
      domain: (t2: ReturnType<typeof parseType2Message>) => createType3Message(t2, { ...account, domain: 'ANDET' }),
      // Without extended security the client answers with NTLMv1, which the server's policy refuses.
      v1: (t2: ReturnType<typeof parseType2Message>) =>
        createType3Message({ ...t2, negotiateFlags: t2.negotiateFlags & ~0x80000 }, account),
    };
    for (const [what, answer] of Object.entries(attempts)) {
      const client = new Client(sim.url);
      try {
        expect(await handshake(client, answer), what).toBe(401);
      } finally {
        await client.close();
      }
    }
    const basic = await fetch(`${sim.url}/_goapi/Cases/FindByCaseProperties`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('brevdue:brevdue-sim').toString('base64')}` },
      body: find,
    });
    expect(basic.status).toBe(401);
  });

  it('files through a site set up for HTTP Basic when the config says auth "basic", and names the field of a bad auth', async () => {
    const basicSim = await plugin.simulator!.start({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'go-basic-')),
      settings: { auth: 'basic' },
    });
    try {
      const target = createGetOrganizedTarget(
        getOrganizedConfigSchema.parse({ baseUrl: basicSim.url, username: 'brevdue', password: 'brevdue-sim', auth: 'basic' }),
        makeTestContext(),
      );
      expect((await target.export(makeTestArchiveItem())).externalCaseId).toMatch(/^BOR-/);
      // The NTLM default against it gets no challenge and is refused: a permanent error naming the credentials.
      const ntlm = createGetOrganizedTarget(
        getOrganizedConfigSchema.parse({ baseUrl: basicSim.url, username: 'KOMMUNE\\brevdue', password: 'brevdue-sim' }),
        makeTestContext(),
      );
      await expect(ntlm.export(makeTestArchiveItem())).rejects.toMatchObject({ kind: 'permanent', code: 'AUTH' });
      await ntlm.close?.();
    } finally {
      await basicSim.close();
    }
    const bad = getOrganizedConfigSchema.safeParse({ baseUrl: sim.url, username: 'u', password: 'p', auth: 'kerberos' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['auth'], message: expect.stringContaining('ntlm') });
  });

  it('takes the domain from "DOMAIN\\user" in username', async () => {
    const target = createGetOrganizedTarget(
      getOrganizedConfigSchema.parse({ baseUrl: sim.url, username: 'kommune\\brevdue', password: 'brevdue-sim' }),
      makeTestContext(),
    );
    try {
      expect((await target.export(makeTestArchiveItem())).externalCaseId).toMatch(/^BOR-/);
    } finally {
      await target.close?.();
    }
  });
});
