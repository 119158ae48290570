import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProviderError } from '@brevdue/shared/sdk';
import { testProvider } from '@brevdue/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readError } from './answers.ts';
import { generateTestCertificate } from './certificate.ts';
import plugin from './index.ts';
import { fnr, IDS, norwegianLetter, OSLO_ADDRESS, RETURN_ADDRESS, startHarness, type SimHarness } from './test-support.ts';

testProvider({
  definition: plugin,
  async setup() {
    const h = await startHarness();
    return {
      provider: h.provider,
      acceptedCount: async (messageId) => (await h.messages()).filter((m) => m.messageId === messageId).length,
      registered: fnr(IDS.user),
      notRegistered: fnr(IDS.nonUser, OSLO_ADDRESS),
      letter: (base) => ({ ...base, sender: { ...base.sender, returnAddress: RETURN_ADDRESS } }),
      teardown: () => h.close(),
    };
  },
});

const sendError = async (p: Promise<unknown>): Promise<ProviderError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw e;
  }
  throw new Error('expected the send to fail');
};

describe('Digipost provider against the simulator', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('maps the four identification answers', async () => {
    expect(await h.provider.lookup(fnr(IDS.user))).toEqual({ registration: 'digital' });
    expect(await h.provider.lookup(fnr(IDS.nonUser))).toEqual({ registration: 'not_registered' });
    expect(await h.provider.lookup(fnr(IDS.unidentified))).toEqual({ registration: 'not_registered' });
    const invalid = await h.provider.lookup(fnr(IDS.invalid));
    expect(invalid.registration).toBe('unknown');
    expect(invalid.warnings?.[0]).toMatch(/INVALID_PERSONAL_IDENTIFICATION_NUMBER/);
    expect((await h.provider.lookup({ idType: 'ORGNR', id: IDS.orgUser })).registration).toBe('digital');
    expect((await h.provider.lookup({ idType: 'CPR', id: '0101904321' })).registration).toBe('unknown');
  });

  it('delivers digitally to a Digipost user; receipt is the exact message-delivery, wire the exact message part', async () => {
    const l = norwegianLetter({ recipient: fnr(IDS.user, OSLO_ADDRESS) });
    const r = await h.provider.send(l);
    expect(r).toMatchObject({ status: 'delivered_digital', channel: 'digital', duplicate: false, providerMessageId: l.messageId });
    expect(r.receipt.body.toString()).toContain('<delivery-method>DIGIPOST</delivery-method>');
    const stored = (await h.messages()).find((m) => m.messageId === l.messageId)!;
    expect(r.wire.body.toString('utf8')).toBe(stored.xml);
    expect(r.wire.mediaType).toMatch(/^application\/vnd\.digipost-v8\+xml/);
  });

  it('prints for a non-user with an address (print fallback in the same message)', async () => {
    const r = await h.provider.send(norwegianLetter({ recipient: fnr(IDS.nonUser, OSLO_ADDRESS) }));
    expect(r).toMatchObject({ status: 'delivered_print', channel: 'print', duplicate: false });
    expect(r.receipt.body.toString()).toContain('<status>DELIVERED_TO_PRINT</status>');
  });

  it('fails a non-user without an address with a reason a person can act on', async () => {
    const e = await sendError(h.provider.send(norwegianLetter({ recipient: fnr(IDS.nonUser) })));
    expect(e.kind).toBe('permanent');
    expect(e.code).toBe('NO_PRINT_ADDRESS');
    expect(e.message).toMatch(/^Ingen postadresse til print \/ no postal address for print/);
    expect(readError(e.receipt!.body)?.code).toBe('UNKNOWN_RECIPIENT');
  });

  it('fails a print-channel letter without an address before sending anything', async () => {
    const before = (await h.messages()).length;
    const e = await sendError(h.provider.send(norwegianLetter({ recipient: fnr(IDS.nonUser), channel: 'print' })));
    expect(e.code).toBe('NO_PRINT_ADDRESS');
    expect((await h.messages()).length).toBe(before);
  });

  it('counts a retry as the earlier delivery (DUPLICATE_MESSAGE), with the channel read back', async () => {
    const l = norwegianLetter({ recipient: fnr(IDS.nonUser, OSLO_ADDRESS) });
    await h.provider.send(l);
    const again = await h.provider.send(l);
    expect(again).toMatchObject({ duplicate: true, status: 'delivered_print', channel: 'print' });
    expect((await h.messages()).filter((m) => m.messageId === l.messageId)).toHaveLength(1);
  });

  it('refuses at run time a message that would not validate, and sends nothing', async () => {
    const before = (await h.messages()).length;
    const e = await sendError(h.provider.send(norwegianLetter({ subject: 'bad \u0001 control character' })));
    expect(e).toMatchObject({ kind: 'permanent', code: 'INVALID_MESSAGE' });
    expect(e.message).toMatch(/api_v8\.xsd/);
    expect((await h.messages()).length).toBe(before);
  });

  it('polls document events: opened, postmarked, and print failed as a failed letter', async () => {
    const opened = norwegianLetter({ recipient: fnr(IDS.opens) });
    const printed = norwegianLetter({ recipient: fnr(IDS.nonUser, OSLO_ADDRESS) });
    const failing = norwegianLetter({ recipient: fnr(IDS.printFails, OSLO_ADDRESS) });
    for (const l of [opened, printed, failing]) await h.provider.send(l);
    const polled = [opened, printed, failing].map((l) => ({
      letterId: l.letterId,
      providerMessageId: l.messageId,
      channel: l.channel,
      submittedAt: new Date(Date.now() - 1000),
    }));
    // The platform polls in rotating batches: a letter left out of one poll still gets its events later.
    const first = await h.provider.poll!([polled[0]!]);
    expect(first.map((u) => u.event)).toEqual(['opened']);
    const updates = [...first, ...(await h.provider.poll!(polled))];
    const of = (l: { letterId: string }) =>
      updates.filter((u) => u.letterId === l.letterId).map((u) => ({ event: u.event, status: u.status }));
    expect(of(opened)).toEqual([{ event: 'opened', status: undefined }]);
    expect(of(printed)).toEqual([{ event: 'postmarked', status: undefined }]);
    expect(of(failing)).toEqual([{ event: 'print_failed', status: 'failed' }]);
    expect(updates.find((u) => u.letterId === failing.letterId)?.reason).toMatch(/^Print feilet \/ printing failed \(ADDRESS_UNKNOWN\)/);
    // The same events are not reported twice.
    expect(await h.provider.poll!(polled)).toEqual([]);
  });
});

describe('request signing against the simulator', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('a wrong signing key is refused by the simulator (401 INVALID_SIGNATURE) and the send fails with a clear reason', async () => {
    const wrong = generateTestCertificate({ commonName: 'not the uploaded certificate', passphrase: 'hemmelig' });
    const path = join(h.dataDir, 'wrong.p12');
    writeFileSync(path, wrong.pkcs12);
    process.env.BREVDUE_TEST_WRONG_P12 = 'hemmelig';
    const provider = await plugin.create(
      plugin.configSchema.parse({
        baseUrl: h.sim.url,
        brokerId: '1000',
        certificatePath: path,
        certificatePassphraseEnv: 'BREVDUE_TEST_WRONG_P12',
      }),
      h.ctx,
    );
    const before = (await h.messages()).length;
    const e = await sendError(provider.send(norwegianLetter({ messageId: randomUUID() })));
    expect(e.kind).toBe('permanent');
    expect(e.code).toBe('SIGNATURE_REFUSED');
    expect(e.message).toMatch(/^Digipost avviste signaturen \/ Digipost refused the request signature \(401 INVALID_SIGNATURE\)/);
    expect(e.message).toMatch(/certificatePath/);
    expect((await h.messages()).length).toBe(before);
  });

  it('an answer whose Digipost signature does not verify is not trusted: the send is retried (transient)', async () => {
    const bad = await startHarness({ answerSignature: 'wrong' });
    try {
      const e = await sendError(bad.provider.send(norwegianLetter()));
      expect(e).toMatchObject({ kind: 'transient', code: 'SERVER_SIGNATURE_ERROR' });
      expect(e.message).toMatch(/does not verify with Digipost's certificate/);
    } finally {
      await bad.close();
    }
  });

  it('the simulator rejects unsigned requests and missing headers with Digipost error documents', async () => {
    const noUser = await fetch(`${h.sim.url}/identification`, { method: 'POST', body: '<x/>' });
    expect(noUser.status).toBe(400);
    expect(readError(Buffer.from(await noUser.arrayBuffer()))?.code).toBe('INVALID_USER_ID_HEADER');
    const noDate = await fetch(`${h.sim.url}/identification`, { method: 'POST', body: '<x/>', headers: { 'X-Digipost-UserId': '1000' } });
    expect(readError(Buffer.from(await noDate.arrayBuffer()))?.code).toBe('MISSING_DATE_HEADER');
    const noSig = await fetch(`${h.sim.url}/`, { headers: { 'X-Digipost-UserId': '1000', Date: new Date().toUTCString() } });
    expect(noSig.status).toBe(401);
    expect(readError(Buffer.from(await noSig.arrayBuffer()))?.code).toBe('MISSING_SIGNATURE');
    const unknownBroker = await fetch(`${h.sim.url}/`, { headers: { 'X-Digipost-UserId': '999', Date: new Date().toUTCString() } });
    expect(unknownBroker.status).toBe(403);
  });
});
