/**
 * End to end through the HTTP API on the embedded PostgreSQL with the sandbox provider:
 * upload, preview, send, statuses, idempotency, errors, proof of what was sent, webhooks, SSE.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, LetterEventView, ShipmentPreview, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { verifyWebhook } from '@brevdue/platform';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor, waitForFinal } from '../support/platform.ts';

const CPR_DIGITAL = '0101904321';
const CPR_PRINT = '0101701111'; // not registered in the sandbox → print
const CVR = '29189846';

/** A message as the sandbox simulator's `GET /messages` lists it (the fields read here). */
interface SimulatorMessage {
  messageId: string;
  acceptCount: number;
}

let p: TestPlatform;
let doc: string;

beforeAll(async () => {
  // The webhook test's receiver listens on this machine: allowed by name, as IT would.
  p = await startTestPlatform({ config: { webhooks: { allowHttp: true, allowList: ['127.0.0.1'] } } });
  doc = await uploadPdf(p, MINIMAL_PDF, 'Indkaldelse æøå.pdf');
});
afterAll(async () => {
  await p?.close();
});

const body = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    subject: 'Indkaldelse til møde',
    mainDocument: doc,
    attachments: [],
    recipients: [
      { idType: 'CPR', id: CPR_DIGITAL, name: 'Jens Hansen' },
      { idType: 'CVR', id: CVR },
    ],
    channelPolicy: 'digital-else-print',
    actions: [
      {
        code: 'AFTALE',
        label: 'Møde på rådhuset',
        start: '2026-12-03T10:00:00+01:00',
        end: '2026-12-03T11:00:00+01:00',
        place: 'Rådhuset, lokale 2',
      },
      { code: 'TILMELDING', label: 'Tilmeld dig', url: 'https://example.dk/t', deadline: '2026-12-01T12:00:00+01:00' },
    ],
    options: { replyAllowed: false, sendAt: null },
    ...over,
  });

describe('authentication', () => {
  it('answers 401 with nothing else for a missing or wrong token', async () => {
    for (const token of [null, 'bd_wrong']) {
      const res = await p.api('/v1/shipments', { token });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).not.toMatch(/token_hash|organisation/);
    }
  });
});

describe('the platform\u2019s address', () => {
  it('leads a person who opens it to the send page, not to a JSON 404', async () => {
    const res = await fetch(`${p.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/send');
  });

  it('answers an unknown address in one language: Danish, or English when asked', async () => {
    const da = await p.api('/v1/nowhere');
    expect(da.status).toBe(404);
    expect(((await da.json()) as ApiErrorBody).error.message).toBe('Ukendt adresse: GET /v1/nowhere');
    const en = await p.api('/v1/nowhere', { headers: { 'accept-language': 'en' } });
    expect(((await en.json()) as ApiErrorBody).error.message).toBe('No route GET /v1/nowhere');
  });
});

describe('connections', () => {
  it('keeps an idle connection longer than a load balancer keeps its own, and says so', async () => {
    const res = await fetch(`${p.url}/health`);
    await res.arrayBuffer();
    // Node's default of 5 s would close it under a balancer that reuses connections for 60 s.
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
  });
});

describe('API description', () => {
  it('serves the OpenAPI document generated from the schemas and a reference whose assets come from a package', async () => {
    const doc = (await (await fetch(`${p.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    for (const path of ['/v1/shipments', '/v1/shipments/preview', '/v1/documents', '/v1/letters/{id}/message', '/v1/archive/records']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(JSON.stringify(doc.paths['/v1/shipments']!.post!.requestBody)).toContain('channelPolicy');
    const html = await (await fetch(`${p.url}/docs`)).text();
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const asset = await fetch(`${p.url}/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(100_000);
  });
});

describe('preview', () => {
  it('answers registration and channel per recipient and stores nothing', async () => {
    const before = await p.runtime.db
      .selectFrom('letters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await p.api('/v1/shipments/preview', {
      method: 'POST',
      body: body({
        recipients: [
          { idType: 'CPR', id: CPR_DIGITAL },
          { idType: 'CPR', id: CPR_PRINT },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const pv = (await res.json()) as ShipmentPreview;
    expect(pv.recipients.map((r) => [r.registration, r.channel, r.provider])).toEqual([
      ['digital', 'digital', 'sandbox'],
      ['not_registered', 'print', 'sandbox'],
    ]);
    expect(pv.recipients[0]!.recipient.id).toBe('010190-XXXX');
    const after = await p.runtime.db
      .selectFrom('letters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('sending', () => {
  it('sends to a citizen digitally and to a non-registered citizen by print, with events, message and receipt', async () => {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: body({
        recipients: [
          { idType: 'CPR', id: CPR_DIGITAL },
          { idType: 'CPR', id: CPR_PRINT },
          { idType: 'CVR', id: CVR },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as ShipmentView;
    expect(created.letters).toHaveLength(3);
    const done = await waitForFinal(p, created.id);
    const byRecipient = Object.fromEntries(done.letters.map((l) => [l.recipient.id, l]));
    expect(byRecipient['010190-XXXX']!.status).toBe('delivered_digital');
    expect(byRecipient['010170-XXXX']!.status).toBe('delivered_print');
    expect(byRecipient[CVR]!.status).toBe('delivered_digital');

    const letter = byRecipient['010190-XXXX']!;
    const events = (await (await p.api(`/v1/letters/${letter.id}/events`)).json()) as { events: LetterEventView[] };
    expect(events.events.map((e) => e.status).filter(Boolean)).toEqual(['queued', 'submitted', 'delivered_digital']);

    // The stored wire message is byte for byte what the simulator received.
    const msg = await p.api(`/v1/letters/${letter.id}/message`);
    expect(msg.status).toBe(200);
    const sent = Buffer.from(await msg.arrayBuffer());
    const simMessages = (await (await fetch(`${p.sandbox!.url}/messages`)).json()) as { messages: SimulatorMessage[] };
    const received = simMessages.messages.find((m) => m.messageId === letter.messageId);
    expect(received).toBeDefined();
    expect(received!.acceptCount).toBe(1);
    const receipt = await p.api(`/v1/letters/${letter.id}/receipt`);
    expect(receipt.status).toBe(200);
    expect((await receipt.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('sends an SMS shipment by its text, without documents', async () => {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Påmindelse',
        channelPolicy: 'sms',
        smsText: 'Husk dit møde i morgen kl. 10 på rådhuset.',
        recipients: [{ idType: 'CPR', id: CPR_DIGITAL }],
      }),
    });
    expect(res.status).toBe(201);
    const done = await waitForFinal(p, ((await res.json()) as ShipmentView).id);
    expect(done.letters[0]!.status).toBe('delivered_sms');
    expect(done.letters[0]!.channel).toBe('sms');
    const noText = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({ subject: 'SMS', channelPolicy: 'sms', recipients: [{ idType: 'CPR', id: CPR_DIGITAL }] }),
    });
    expect(noText.status).toBe(400);
    expect(((await noText.json()) as ApiErrorBody).error.field).toBe('smsText');
  });

  it('holds a deferred letter as scheduled until its send time', async () => {
    const sendAt = new Date(Date.now() + 4000).toISOString();
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: body({ recipients: [{ idType: 'CPR', id: CPR_DIGITAL }], options: { replyAllowed: false, sendAt } }),
    });
    const s = (await res.json()) as ShipmentView;
    expect(s.letters[0]!.status).toBe('scheduled');
    const done = await waitForFinal(p, s.id);
    expect(done.letters[0]!.status).toBe('delivered_digital');
    expect(Date.parse(done.letters[0]!.submittedAt!)).toBeGreaterThanOrEqual(Date.parse(sendAt) - 1000);
  });

  it('honours Idempotency-Key: same key → same shipment, nothing sent twice; other body → 422', async () => {
    const key = `k-${Date.now()}`;
    const a = await p.api('/v1/shipments', { method: 'POST', body: body(), headers: { 'idempotency-key': key } });
    const b = await p.api('/v1/shipments', { method: 'POST', body: body(), headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    const sa = (await a.json()) as ShipmentView;
    const sb = (await b.json()) as ShipmentView;
    expect(sb.id).toBe(sa.id);
    const n = await p.runtime.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const c = await p.api('/v1/shipments', { method: 'POST', body: body({ subject: 'Noget andet' }), headers: { 'idempotency-key': key } });
    expect(c.status).toBe(422);
    expect(((await c.json()) as ApiErrorBody).error.field).toBe('Idempotency-Key');
    await waitForFinal(p, sa.id);
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ recipients: [{ idType: 'CPR', id: '3213904321' }] }, 'recipients.0.id'],
      [{ recipients: [{ idType: 'CVR', id: '29189847' }] }, 'recipients.0.id'],
      [{ subject: '' }, 'subject'],
      [{ subject: 'x'.repeat(300) }, 'subject'],
      [
        { actions: [{ code: 'AFTALE', label: 'Møde', start: '2026-12-03T11:00:00+01:00', end: '2026-12-03T10:00:00+01:00' }] },
        'actions.0.end',
      ],
      [{ actions: [{ code: 'TILMELDING', label: 'Tilmeld', url: 'https://example.dk' }] }, 'actions.0.deadline'],
      [{ actions: [{ code: 'SELVBETJENING', label: 'Gå til', url: 'http://example.dk' }] }, 'actions.0.url'],
      [{ mainDocument: '00000000-0000-4000-8000-000000000000' }, 'mainDocument'],
      [{ recipients: [] }, 'recipients'],
    ];
    const before = await p.runtime.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [over, field] of cases) {
      const res = await p.api('/v1/shipments', { method: 'POST', body: body(over) });
      expect(res.status, JSON.stringify(over)).toBe(400);
      const err = (await res.json()) as ApiErrorBody;
      expect(err.error.field, JSON.stringify(err)).toBe(field);
      expect(err.error.message.length).toBeGreaterThan(10);
    }
    const after = await p.runtime.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses an upload over 99.5 MB with 413 before reading it all, keeping nothing', async () => {
    const size = 100 * 1024 * 1024;
    const res = await p.api('/v1/documents', {
      method: 'POST',
      body: new Uint8Array(size),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(res.status).toBe(413);
    const docs = await p.runtime.db.selectFrom('documents').select('bytes').where('bytes', '>', 1_000_000).execute();
    expect(docs).toHaveLength(0);
  });

  it('never writes a CPR number to the log', async () => {
    expect(p.logs.length).toBeGreaterThan(3);
    const all = p.logs.join('\n');
    expect(all).toContain('letter sent');
    expect(all).not.toContain(CPR_DIGITAL);
    expect(all).not.toContain(CPR_PRINT);
    expect(all).not.toMatch(/0101904321|010190-4321/);
  });
});

describe('webhooks and live status', () => {
  it('delivers signed status changes to a registered URL', async () => {
    const got: { body: string; ts: string; sig: string }[] = [];
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        got.push({ body: b, ts: String(req.headers['x-brevdue-timestamp']), sig: String(req.headers['x-brevdue-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const reg = await p.api('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook` }) });
      expect(reg.status).toBe(201);
      const { secret } = (await reg.json()) as { secret: string };
      const s = (await (
        await p.api('/v1/shipments', { method: 'POST', body: body({ recipients: [{ idType: 'CPR', id: CPR_DIGITAL }] }) })
      ).json()) as ShipmentView;
      await waitFor(
        async () => got.some((g) => JSON.parse(g.body).data.status === 'delivered_digital' && JSON.parse(g.body).data.shipmentId === s.id),
        'webhook',
      );
      for (const g of got) expect(verifyWebhook(secret, g.ts, g.body, g.sig)).toBe(true);
      expect(verifyWebhook(secret, got[0]!.ts, `${got[0]!.body} `, got[0]!.sig)).toBe(false);
      expect(verifyWebhook('whsec_other', got[0]!.ts, got[0]!.body, got[0]!.sig)).toBe(false);
    } finally {
      server.close();
    }
  });

  it('streams letter status changes as server-sent events', async () => {
    await fetch(`${p.sandbox!.url}/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliveryDelayMs: 300 }),
    });
    try {
      const s = (await (
        await p.api('/v1/shipments', { method: 'POST', body: body({ recipients: [{ idType: 'CPR', id: CPR_DIGITAL }] }) })
      ).json()) as ShipmentView;
      // EventSource cannot send Authorization: a short-lived ticket for this stream goes in the URL instead.
      const { ticket } = (await (await p.api(`/v1/shipments/${s.id}/events/ticket`, { method: 'POST' })).json()) as { ticket: string };
      const res = await fetch(`${p.url}/v1/shipments/${s.id}/events?ticket=${encodeURIComponent(ticket)}`, {
        headers: { accept: 'text/event-stream' },
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('delivered_digital')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      await reader.cancel();
      expect(text).toContain('event: letter');
      expect(text).toContain('delivered_digital');
    } finally {
      await fetch(`${p.sandbox!.url}/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deliveryDelayMs: 0 }),
      });
    }
  });
});

describe('organisation isolation', () => {
  it('never lets one organisation read or change another’s shipments and letters', async () => {
    const s = (await (
      await p.api('/v1/shipments', { method: 'POST', body: body({ recipients: [{ idType: 'CPR', id: CPR_DIGITAL }] }) })
    ).json()) as ShipmentView;
    const other = await p.createOrganisation('anden-kommune');
    const letterId = s.letters[0]!.id;
    for (const path of [
      `/v1/shipments/${s.id}`,
      `/v1/letters/${letterId}`,
      `/v1/letters/${letterId}/events`,
      `/v1/letters/${letterId}/message`,
      `/v1/letters/${letterId}/receipt`,
      `/v1/documents/${doc}`,
    ]) {
      const res = await p.api(path, { token: other.token });
      expect(res.status, path).toBe(404);
    }
    const list = (await (await p.api('/v1/shipments', { token: other.token })).json()) as { shipments: unknown[] };
    expect(list.shipments).toHaveLength(0);
    const use = await p.api('/v1/shipments', {
      method: 'POST',
      token: other.token,
      body: body({ recipients: [{ idType: 'CPR', id: CPR_DIGITAL }] }),
    });
    expect(use.status).toBe(400); // another organisation's document does not exist for them
    await waitForFinal(p, s.id);
  });
});
