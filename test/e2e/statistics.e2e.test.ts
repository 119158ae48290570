/**
 * End to end through the HTTP API on the embedded PostgreSQL with the sandbox provider:
 * `GET /v1/statistics` counts the letters actually sent, per day (Danish time) and channel, the
 * failures by reason code, received post per day and the registration share; the same as CSV;
 * a bad period is a 400 that says what to choose; each caller counts only what they may see.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiErrorBody, type LetterView, type ShipmentView, type Statistics, addDays, danishDay } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { storeInboundMessage } from '../../platform/src/inbox/store-inbound-message.ts';
import { type TestPlatform, startTestPlatform, uploadPdf, waitForFinal } from '../support/platform.ts';

const DIGITAL = ['0101904321', '0202904321'] as const;
/** Not registered for digital post in the sandbox's register: print by `digital-else-print`, a failure by `digital-only`. */
const NOT_REGISTERED = '0101701111';
const EXEMPT = '0303703333';

let p: TestPlatform;
let ydelser: string;
let skole: string;
let lead: string;
/** Every letter the test sent, final. */
const letters: LetterView[] = [];

async function send(token: string, body: Record<string, unknown>): Promise<LetterView[]> {
  const res = await p.api('/v1/shipments', { token, method: 'POST', body: JSON.stringify({ subject: 'Statistik', ...body }) });
  expect(res.status, await res.clone().text()).toBe(201);
  const done = await waitForFinal(p, ((await res.json()) as ShipmentView).id);
  letters.push(...done.letters);
  return done.letters;
}

async function stats(query = '', token?: string): Promise<Statistics> {
  const res = await p.api(`/v1/statistics${query}`, token ? { token } : {});
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Statistics;
}

/** A period around today that holds every letter of the test, whichever side of midnight it ran. */
const around = () => `?from=${addDays(danishDay(new Date()), -1)}&to=${addDays(danishDay(new Date()), 1)}`;

beforeAll(async () => {
  p = await startTestPlatform();
  ydelser = await p.tokenFor('sender', { team: 'ydelser' });
  skole = await p.tokenFor('sender', { team: 'skole' });
  lead = await p.tokenFor('teamlead', { team: 'ydelser' });
  const doc = await uploadPdf(p, MINIMAL_PDF);
  const docSkole = (await (
    await p.api('/v1/documents', {
      token: skole,
      method: 'POST',
      body: new Uint8Array(MINIMAL_PDF),
      headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="b.pdf"' },
    })
  ).json()) as { id: string };
  const docYdelser = (await (
    await p.api('/v1/documents', {
      token: ydelser,
      method: 'POST',
      body: new Uint8Array(MINIMAL_PDF),
      headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="a.pdf"' },
    })
  ).json()) as { id: string };
  // Ydelser: two digital letters, one printed (not registered), two failures (digital only).
  await send(ydelser, { mainDocument: docYdelser.id, recipients: DIGITAL.map((id) => ({ idType: 'CPR', id })) });
  await send(ydelser, { mainDocument: docYdelser.id, recipients: [{ idType: 'CPR', id: NOT_REGISTERED }] });
  await send(ydelser, {
    mainDocument: docYdelser.id,
    channelPolicy: 'digital-only',
    recipients: [
      { idType: 'CPR', id: NOT_REGISTERED },
      { idType: 'CPR', id: EXEMPT },
    ],
  });
  // Skole: one SMS and one digital letter.
  await send(skole, { channelPolicy: 'sms', smsText: 'Husk forældremødet i morgen.', recipients: [{ idType: 'CPR', id: DIGITAL[0] }] });
  await send(skole, { mainDocument: docSkole.id, recipients: [{ idType: 'CPR', id: DIGITAL[1] }] });
  // The admin: one more digital letter.
  await send(p.token, { mainDocument: doc, recipients: [{ idType: 'CPR', id: DIGITAL[0] }] });
  // Two received messages, not yet distributed (the organisation's and the team leads' queue).
  const org = await p.runtime.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 2; i++) {
    await storeInboundMessage(p.runtime.db, p.runtime.blobs, org.id, {
      providerMessageId: randomUUID(),
      sender: { idType: 'CPR', id: DIGITAL[0] },
      recipient: { idType: 'CVR', id: '29189846' },
      routing: {},
      subject: 'Svar',
      documents: [{ filename: 'svar.pdf', mediaType: 'application/pdf', content: MINIMAL_PDF, role: 'main' }],
      raw: { mediaType: 'application/xml', body: Buffer.from('<x/>') },
    });
  }
}, 180_000);
afterAll(async () => p?.close());

describe('GET /v1/statistics', () => {
  it('counts the letters sent per day and channel, the failures by reason, received post and registrations', async () => {
    const statuses = letters.map((l) => l.status).sort();
    expect(statuses).toEqual([
      'delivered_digital',
      'delivered_digital',
      'delivered_digital',
      'delivered_digital',
      'delivered_print',
      'delivered_sms',
      'failed',
      'failed',
    ]);
    const s = await stats(around());
    expect(s.timeZone).toBe('Europe/Copenhagen');
    expect(s.days.map((d) => d.date)).toEqual([s.from, addDays(s.from, 1), s.to]);
    expect(s.totals).toEqual({ sent: { digital: 4, print: 1, sms: 1 }, failed: 2, received: 2 });
    expect(s.failures).toEqual([
      { reason: 'exempt', count: 1 },
      { reason: 'not_registered', count: 1 },
    ]);
    // Every letter that was looked up: the failed two and the printed one were not digital.
    expect(s.registrations).toEqual({ digital: 5, not_registered: 2, exempt: 1, unknown: 0 });
    // Each letter on the day (Danish time) it was handed to the provider.
    for (const l of letters.filter((x) => x.submittedAt)) {
      const day = s.days.find((d) => d.date === danishDay(new Date(l.submittedAt!)))!;
      expect(day.sent[l.channel as 'digital' | 'print' | 'sms']).toBeGreaterThan(0);
    }
    const sum = (f: (d: Statistics['days'][number]) => number) => s.days.reduce((n, d) => n + f(d), 0);
    expect(sum((d) => d.sent.digital)).toBe(4);
    expect(sum((d) => d.failed)).toBe(2);
    expect(sum((d) => d.received)).toBe(2);
  });

  it('defaults to the last 30 days, today included, and counts nothing outside the period', async () => {
    const s = await stats();
    expect(s.to).toBe(danishDay(new Date()));
    expect(s.days).toHaveLength(30);
    expect(s.from).toBe(addDays(s.to, -29));
    const past = await stats('?from=2025-01-01&to=2025-01-31');
    expect(past.days).toHaveLength(31);
    expect(past.totals).toEqual({ sent: { digital: 0, print: 0, sms: 0 }, failed: 0, received: 0 });
    expect(past.failures).toEqual([]);
  });

  it('counts for a sender only their own letters, for a team lead their team’s', async () => {
    const mine = await stats(around(), ydelser);
    expect(mine.totals).toEqual({ sent: { digital: 2, print: 1, sms: 0 }, failed: 2, received: 0 });
    expect(mine.registrations).toEqual({ digital: 2, not_registered: 2, exempt: 1, unknown: 0 });
    const theirs = await stats(around(), skole);
    expect(theirs.totals).toEqual({ sent: { digital: 1, print: 0, sms: 1 }, failed: 0, received: 0 });
    expect(theirs.failures).toEqual([]);
    // The team lead of Ydelser: the team's letters, and the distribution queue of received post.
    const team = await stats(around(), lead);
    expect(team.totals).toEqual({ sent: { digital: 2, print: 1, sms: 0 }, failed: 2, received: 2 });
    // An auditor sees the organisation.
    const auditor = await stats(around(), await p.tokenFor('auditor'));
    expect(auditor.totals.sent).toEqual({ digital: 4, print: 1, sms: 1 });
  });

  it('answers the days as CSV, one row a day, the header in the chosen language', async () => {
    const from = addDays(danishDay(new Date()), -1);
    const to = addDays(from, 2);
    const json = await stats(`?from=${from}&to=${to}`);
    const res = await p.api(`/v1/statistics?from=${from}&to=${to}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="statistik-${from}-${to}.csv"`);
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('dato,digital post,fysisk brev,sms,fejlede,modtaget post');
    expect(lines.slice(1)).toEqual(
      json.days.map((d) => [d.date, d.sent.digital, d.sent.print, d.sent.sms, d.failed, d.received].join(',')),
    );
    const en = await (await p.api(`/v1/statistics?from=${from}&to=${to}&format=csv&lang=en`)).text();
    expect(en.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('date,digital post,print,sms,failed,received post');
  });

  it('refuses a bad period with a 400 that names the field and says what to do', async () => {
    const bad = async (query: string) => {
      const res = await p.api(`/v1/statistics${query}`);
      expect(res.status).toBe(400);
      return ((await res.json()) as ApiErrorBody).error;
    };
    expect(await bad('?from=2026-01-01&to=2027-01-02')).toMatchObject({
      code: 'invalid_request',
      field: 'from',
      message: expect.stringMatching(/367 dage.*højst vises 366 dage/),
    });
    expect(await bad('?from=2026-02-10&to=2026-02-01')).toMatchObject({ field: 'from', message: expect.stringContaining('byt om') });
    expect(await bad('?from=2026-02-30')).toMatchObject({ field: 'from', message: expect.stringContaining('ÅÅÅÅ-MM-DD') });
    expect(await bad('?to=1.12.2026')).toMatchObject({ field: 'to' });
    expect((await p.api('/v1/statistics?from=2026-01-01&to=2026-12-31')).status).toBe(200);
  });
});
