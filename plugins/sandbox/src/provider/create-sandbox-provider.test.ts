/**
 * Sandbox-specific cases beyond the shared contract: transient failures and lost answers
 * retried as duplicates, signed callbacks, polling, the registration table and rejections.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '@brevdue/shared/sdk';
import type { OutgoingLetter, Provider, RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestContext, makeTestLetter } from '@brevdue/shared/testing';
import sandbox from '../index.ts';
import { SIGNATURE_HEADER } from '../protocol.ts';
import { signCallback } from '../signature.ts';

const SECRET = 'test-callback-secret-0123456789';
/** Upper bound for asynchronous deliveries to show up (a loaded 2-core machine can be slow). */
const WAIT = { timeout: 15_000, interval: 20 };
let sim: RunningSimulator;

const simPost = async (path: string, body: unknown) => {
  const res = await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
};
const settings = (patch: Record<string, unknown>) => simPost('/settings', patch);
const record = async (messageId: string) => {
  const res = await fetch(`${sim.url}/messages/${messageId}`);
  return res.status === 404 ? undefined : ((await res.json()) as { acceptCount: number; attempts: number; status: string });
};
const letter = (o: Partial<OutgoingLetter> = {}) => {
  const id = randomUUID();
  return makeTestLetter({ letterId: id, messageId: id, ...o });
};
/** Runs `fn` and returns the ProviderError it throws (fails the test when it does not throw one). */
async function providerError(fn: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProviderError);
    return e as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

beforeAll(async () => {
  sim = await sandbox.simulator!.start({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'brevdue-sandbox-')),
    settings: { callbackSecret: SECRET },
  });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await simPost('/reset', {});
});

describe('sandbox provider', () => {
  let provider: Provider;
  beforeAll(async () => {
    provider = await sandbox.create(sandbox.configSchema.parse({ url: sim.url, timeoutMs: 300 }), makeTestContext({ name: 'sandbox' }));
  });
  afterAll(async () => {
    await provider.close?.();
  });

  it('a 503 before acceptance is transient, and the retry is the first delivery', async () => {
    const l = letter();
    await settings({ failureRate: 1 });
    const err = await providerError(() => provider.send(l));
    expect(err.kind).toBe('transient');
    expect(await record(l.messageId)).toBeUndefined();
    await settings({ failureRate: 0 });
    const r = await provider.send(l);
    expect(r.duplicate).toBe(false);
    expect(await record(l.messageId)).toMatchObject({ acceptCount: 1, attempts: 2 });
  });

  it('a lost answer is transient, and the retry is answered as a duplicate, not a second delivery', async () => {
    const l = letter();
    await settings({ lostAckRate: 1 });
    const err = await providerError(() => provider.send(l));
    expect(err.kind).toBe('transient');
    expect(err.wire?.body.toString()).toContain(l.messageId);
    await settings({ lostAckRate: 0 });
    const r = await provider.send(l);
    expect(r.duplicate).toBe(true);
    expect(r.status).toBe('delivered_digital');
    expect(await record(l.messageId)).toMatchObject({ acceptCount: 1, attempts: 2 });
    const stats = await (await fetch(`${sim.url}/stats`)).json();
    expect(stats).toMatchObject({ accepted: 1, duplicates: 1, lostAcks: 1, maxAcceptCount: 1, referencesWithSeveralMessages: 0 });
  });

  it('delivers 500 letters exactly once through 20% failures and 20% lost answers, retrying like the platform', async () => {
    await settings({ failureRate: 0.2, lostAckRate: 0.2 });
    // A generous timeout: a client timeout is a third kind of transient failure, not counted by the simulator.
    const patient = await sandbox.create(sandbox.configSchema.parse({ url: sim.url, timeoutMs: 60_000 }), makeTestContext());
    const letters = Array.from({ length: 500 }, () => letter());
    let transient = 0;
    const duplicates = await Promise.all(
      letters.map(async (l) => {
        for (;;) {
          try {
            return (await patient.send(l)).duplicate;
          } catch (e) {
            if (!(e instanceof ProviderError) || e.kind !== 'transient') throw e;
            transient++;
          }
        }
      }),
    );
    const stats = (await (await fetch(`${sim.url}/stats`)).json()) as Record<string, number>;
    expect(stats).toMatchObject({ accepted: 500, messages: 500, maxAcceptCount: 1, referencesWithSeveralMessages: 0 });
    await patient.close?.();
    // Both failure kinds happened, and every lost answer came back as a duplicate on retry.
    expect(stats.failedBeforeAccept).toBeGreaterThan(0);
    expect(stats.lostAcks).toBeGreaterThan(0);
    expect(transient).toBe(stats.failedBeforeAccept! + stats.lostAcks!);
    expect(duplicates.filter(Boolean).length).toBe(stats.lostAcks);
    expect(stats.duplicates).toBe(stats.lostAcks);
  });

  it('hands back the exact bytes sent and received', async () => {
    const l = letter({
      actions: [{ code: 'TILMELDING', label: 'Tilmeld dig', url: 'https://example.dk/t', deadline: '2026-12-01T12:00:00+01:00' }],
    });
    const r = await provider.send(l);
    const wire = JSON.parse(r.wire.body.toString('utf8'));
    expect(r.wire.mediaType).toBe('application/json');
    expect(wire).toMatchObject({ messageId: l.messageId, reference: l.letterId, channel: 'digital', subject: l.subject });
    expect(Buffer.from(wire.documents[0].content, 'base64').equals(await l.mainDocument!.read())).toBe(true);
    expect(JSON.parse(r.receipt.body.toString('utf8'))).toMatchObject({
      messageId: l.messageId,
      status: 'delivered_digital',
      duplicate: false,
    });
  });

  it('serves the registration table: defaults, run-time changes and every identifier type', async () => {
    const look = (idType: 'CPR' | 'CVR' | 'FNR' | 'ORGNR', id: string) => provider.lookup({ idType, id });
    expect(await look('CPR', '0101701111')).toMatchObject({ registration: 'not_registered', name: 'Ida Print' });
    expect((await look('CPR', '0101701111')).warnings?.[0]).toMatch(/print/);
    expect(await look('CPR', '0303703333')).toMatchObject({ registration: 'exempt' });
    expect(await look('CPR', '0404704444')).toMatchObject({ registration: 'unknown' });
    expect(await look('CPR', '0101904321')).toMatchObject({ registration: 'digital', sms: true });
    expect(await look('CVR', '29189846')).toMatchObject({ registration: 'digital', sms: false });
    expect(await look('FNR', '01017000027')).toMatchObject({ registration: 'digital' });
    expect(await look('ORGNR', '974760673')).toMatchObject({ registration: 'digital' });
    await settings({ registrations: { 'CPR:0101904321': 'exempt' } });
    expect(await look('CPR', '0101904321')).toMatchObject({ registration: 'exempt' });
    expect(await look('CPR', '0101701111')).toMatchObject({ registration: 'not_registered' });
  });

  it('refuses an invalid identifier at lookup as a permanent error', async () => {
    const err = await providerError(() => provider.lookup({ idType: 'CPR', id: '3213001234' }));
    expect(err.kind).toBe('permanent');
    expect(err.code).toBe('INVALID_RECIPIENT');
  });

  it('rejects digital-only to a non-registered recipient, and prints when print fallback is allowed', async () => {
    const ida = { idType: 'CPR' as const, id: '0101701111' };
    const err = await providerError(() => provider.send(letter({ recipient: ida, printFallback: false })));
    expect(err).toMatchObject({ kind: 'permanent', code: 'NOT_REGISTERED' });
    expect(err.message).toMatch(/ikke tilmeldt digital post.*not registered for digital post/);
    expect(err.receipt?.body.toString()).toContain('NOT_REGISTERED');
    const r = await provider.send(letter({ recipient: ida, printFallback: true }));
    expect(r).toMatchObject({ status: 'delivered_print', channel: 'print' });
    const unknown = await providerError(() => provider.send(letter({ recipient: { idType: 'CPR', id: '0404704444' } })));
    expect(unknown).toMatchObject({ kind: 'permanent', code: 'UNKNOWN_RECIPIENT' });
  });

  it('sends SMS to a person who can receive it and refuses one who cannot', async () => {
    const sms = (id: string) =>
      letter({ channel: 'sms', recipient: { idType: 'CPR', id }, mainDocument: undefined, smsText: 'Husk mødet i morgen kl. 10' });
    expect(await provider.send(sms('0101904321'))).toMatchObject({ status: 'delivered_sms', channel: 'sms' });
    expect(await providerError(() => provider.send(sms('0505705555')))).toMatchObject({ kind: 'permanent', code: 'NO_SMS' });
    const noText = letter({ channel: 'sms', mainDocument: undefined });
    expect(await providerError(() => provider.send(noText))).toMatchObject({ kind: 'permanent', code: 'MISSING_SMS_TEXT' });
  });

  it('holds a deferred letter as submitted until its send-at time', async () => {
    const r = await provider.send(letter({ options: { replyAllowed: false, sendAt: new Date(Date.now() + 3_600_000).toISOString() } }));
    expect(r.status).toBe('submitted');
  });

  it('reports a print failure by polling', async () => {
    await settings({ printFailureRate: 1 });
    const l = letter({ channel: 'print' });
    const r = await provider.send(l);
    expect(r.status).toBe('submitted');
    const polled = { letterId: l.letterId, providerMessageId: r.providerMessageId, channel: 'print' as const, submittedAt: new Date() };
    await vi.waitFor(async () => {
      const [u] = await provider.poll!([polled]);
      expect(u).toMatchObject({ letterId: l.letterId, status: 'failed', event: 'failed', channel: 'print' });
      expect(u!.reason).toMatch(/printes.*printed/);
    }, WAIT);
  });

  it('polls a delayed delivery to its final status', async () => {
    await settings({ deliveryDelayMs: 30 });
    const l = letter();
    const r = await provider.send(l);
    expect(r.status).toBe('submitted');
    const polled = { letterId: l.letterId, providerMessageId: r.providerMessageId, channel: 'digital' as const, submittedAt: new Date() };
    await vi.waitFor(
      async () => expect(await provider.poll!([polled])).toMatchObject([{ status: 'delivered_digital', letterId: l.letterId }]),
      WAIT,
    );
  });

  it('turns a slow answer into a transient timeout', async () => {
    // A lookup, not a send: the slow request finishes after this test and must not leave a message behind.
    await settings({ latencyMs: 1000 });
    const err = await providerError(() => provider.lookup({ idType: 'CPR', id: '0101904321' }));
    expect(err).toMatchObject({ kind: 'transient', code: 'TIMEOUT' });
  });

  it('turns an unreachable simulator into a transient network error naming the URL', async () => {
    const p = await sandbox.create(sandbox.configSchema.parse({ url: 'http://127.0.0.1:9' }), makeTestContext());
    const err = await providerError(() => p.send(letter()));
    expect(err).toMatchObject({ kind: 'transient', code: 'NETWORK' });
    expect(err.message).toContain('http://127.0.0.1:9');
    await p.close?.();
  });
});

describe('sandbox delivery callbacks', () => {
  const context = makeTestContext({ name: 'sandbox' });
  let platform: ReturnType<typeof serve>;
  let provider: Provider;
  let app: Hono;

  beforeAll(async () => {
    // A stand-in for the platform's plugin host: the plugin's routes under /v1/plugins/sandbox, no bearer auth.
    app = new Hono();
    platform = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const publicUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
    Object.assign(context, { publicUrl });
    provider = await sandbox.create(sandbox.configSchema.parse({ url: sim.url, callbackSecret: SECRET }), context);
    const plugin = new Hono();
    provider.routes!(plugin);
    app.route('/v1/plugins/sandbox', plugin);
  });
  afterAll(async () => {
    await provider.close?.();
    await new Promise((r) => platform.close(r));
  });

  it('delivers a signed callback that reaches reportStatus', async () => {
    await settings({ deliveryDelayMs: 20, callbackSecret: SECRET });
    const l = letter();
    const r = await provider.send(l);
    expect(r.status).toBe('submitted');
    expect(JSON.parse(r.wire.body.toString()).callbackUrl).toBe(`${context.publicUrl}/v1/plugins/sandbox/callback`);
    await vi.waitFor(() => expect(context.reported.find((u) => u.providerMessageId === l.messageId)).toBeDefined(), WAIT);
    const u = context.reported.find((x) => x.providerMessageId === l.messageId)!;
    expect(u).toMatchObject({ letterId: l.letterId, status: 'delivered_digital', event: 'delivered', channel: 'digital' });
    expect(JSON.parse(u.raw!.body.toString())).toMatchObject({ messageId: l.messageId });
  });

  it('refuses a forged, unsigned or stale callback and reports nothing', async () => {
    const before = context.reported.length;
    const body = JSON.stringify({
      messageId: randomUUID(),
      event: 'delivered',
      status: 'delivered_digital',
      channel: 'digital',
      at: new Date().toISOString(),
    });
    const post = (headers: Record<string, string>) =>
      app.request('/v1/plugins/sandbox/callback', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({ [SIGNATURE_HEADER]: signCallback('a-forged-secret-of-enough-length', body) })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await post({ [SIGNATURE_HEADER]: signCallback(SECRET, body, new Date(Date.now() - 3_600_000)) })).status).toBe(401);
    expect(context.reported.length).toBe(before);
    // The same body with the right signature is taken: the refusals were about the signature.
    expect((await post({ [SIGNATURE_HEADER]: signCallback(SECRET, body) })).status).toBe(204);
    expect(context.reported.length).toBe(before + 1);
  });

  it('refuses every callback when the plugin has no secret', async () => {
    const p = await sandbox.create(sandbox.configSchema.parse({ url: sim.url }), makeTestContext());
    const plugin = new Hono();
    p.routes!(plugin);
    const body = '{}';
    const res = await plugin.request('/callback', { method: 'POST', headers: { [SIGNATURE_HEADER]: signCallback(SECRET, body) }, body });
    expect(res.status).toBe(401);
    await p.close?.();
  });
});
