/**
 * The simulator's HTTP API through `app.request` (no port): what it rejects, as a real remote
 * would, and its inspection endpoints.
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { createSimulatorApp } from './simulator-app.ts';
import { SimulatorState } from './simulator-state.ts';
import { defaultSettings } from './settings.ts';

const doc = (content = MINIMAL_PDF) => ({
  role: 'main',
  filename: 'brev.pdf',
  mediaType: 'application/pdf',
  bytes: content.length,
  sha256: createHash('sha256').update(content).digest('hex'),
  content: content.toString('base64'),
});
const message = (o: Record<string, unknown> = {}) => ({
  messageId: randomUUID(),
  channel: 'digital',
  sender: { name: 'Testkommune', cvr: '29189846' },
  recipient: { idType: 'CPR', id: '0101904321' },
  subject: 'Indkaldelse',
  documents: [doc()],
  ...o,
});

function setup() {
  const app = createSimulatorApp(new SimulatorState(defaultSettings()));
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const get = async <T = unknown>(path: string) => (await app.request(path)).json() as Promise<T>;
  return { app, post, get };
}

describe('sandbox simulator API', () => {
  it('accepts a message (201), answers the same id as a duplicate (200) and counts it once', async () => {
    const { post, get } = setup();
    const m = message();
    expect(await post('/messages', m)).toMatchObject({
      status: 201,
      body: { messageId: m.messageId, status: 'delivered_digital', duplicate: false },
    });
    expect(await post('/messages', m)).toMatchObject({ status: 200, body: { duplicate: true } });
    const { messages } = await get<{ messages: unknown[] }>(`/messages?messageId=${m.messageId}`);
    expect(messages).toMatchObject([{ acceptCount: 1, attempts: 2, recipient: { idType: 'CPR', id: '0101…' } }]);
    expect(await get('/stats')).toMatchObject({ accepted: 1, duplicates: 1, messages: 1 });
  });

  it('rejects a body that is not JSON, a bad field, an invalid identifier and a damaged document with 400', async () => {
    const { post } = setup();
    expect(await post('/messages', 'not json')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_MESSAGE' } } });
    expect(await post('/messages', message({ messageId: 'abc' }))).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_MESSAGE', field: 'messageId' } },
    });
    expect(await post('/messages', message({ subject: '' }))).toMatchObject({ status: 400, body: { error: { field: 'subject' } } });
    expect(await post('/messages', message({ recipient: { idType: 'CVR', id: '12345678' } }))).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_RECIPIENT' } },
    });
    const damaged = { ...doc(), sha256: '0'.repeat(64) };
    expect(await post('/messages', message({ documents: [damaged] }))).toMatchObject({
      status: 400,
      body: { error: { code: 'DOCUMENT_MISMATCH' } },
    });
    expect(await post('/messages', message({ documents: [] }))).toMatchObject({
      status: 400,
      body: { error: { code: 'MISSING_DOCUMENT' } },
    });
    const badAction = [{ code: 'AFTALE', label: 'Møde', start: '2026-12-03T11:00:00+01:00', end: '2026-12-03T10:00:00+01:00' }];
    expect(await post('/messages', message({ actions: badAction }))).toMatchObject({
      status: 400,
      body: { error: { field: 'actions.0.end' } },
    });
  });

  it('rejects print to an unknown recipient without an address, and prints with one', async () => {
    const { post } = setup();
    const unknown = { idType: 'CPR', id: '0404704444' };
    expect(await post('/messages', message({ channel: 'print', recipient: unknown }))).toMatchObject({
      status: 422,
      body: { error: { code: 'NO_ADDRESS' } },
    });
    const address = { name: 'Ukendt Person', lines: ['Vestergade 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' };
    expect(await post('/messages', message({ channel: 'print', recipient: { ...unknown, address } }))).toMatchObject({
      status: 201,
      body: { status: 'delivered_print' },
    });
  });

  it('changes settings at run time, names a bad setting, and resets to the start-up settings', async () => {
    const { post, get } = setup();
    expect(await post('/settings', { failureRate: 2 })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining('"failureRate"') } },
    });
    expect(await post('/settings', { nonsense: true })).toMatchObject({ status: 400 });
    expect(await post('/settings', { failureRate: 1, registrations: { 'CVR:29189846': 'not_registered' } })).toMatchObject({
      status: 200,
      body: { failureRate: 1 },
    });
    expect(await post('/messages', message())).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    expect(await post('/lookup', { idType: 'CVR', id: '29189846' })).toMatchObject({
      status: 200,
      body: { registration: 'not_registered' },
    });
    await post('/reset', {});
    expect(await get('/settings')).toMatchObject({ failureRate: 0, registrations: { 'CVR:29189846': { registration: 'digital' } } });
    expect(await get('/stats')).toMatchObject({ messages: 0, accepted: 0 });
  });

  it('answers status one by one and in batches', async () => {
    const { post, get } = setup();
    const m = message();
    await post('/messages', m);
    expect(await get(`/messages/${m.messageId}/status`)).toMatchObject({ messageId: m.messageId, status: 'delivered_digital' });
    const missing = randomUUID();
    expect(await post('/statuses', { messageIds: [m.messageId, missing] })).toMatchObject({
      status: 200,
      body: { statuses: [{ messageId: m.messageId }] },
    });
    expect((await post('/statuses', { messageIds: 'x' })).status).toBe(400);
  });
});
