/**
 * `/v1/letters` on a real platform over HTTP: the error list paged on the server with its
 * filters (shipment, provider, reason, time), a cursor and the count over all pages, and
 * cancelling a failed letter (the roles that may resend may; a letter that is not failed is
 * refused with 409; it is audited and recorded as the letter's event, and its archive record
 * says cancelled).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveRecord, ArchiveRecordPage, LetterEventView, LetterPage, LetterView, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform, waitFor, waitForFinal } from '../../../test/support/platform.ts';

/** The sandbox's register: not registered (×2), exempt, unknown — every digital-only letter to them fails. */
const FAILING = ['0101701111', '0202702222', '0303703333', '0404704444'];
const REGISTERED = '0101904321';

let p: TestPlatform;
let sender: string;
let teamlead: string;
let archivist: string;
/** One shipment of four failed letters, one of one failed letter, one delivered letter. */
let big: ShipmentView;
let small: ShipmentView;
let delivered: LetterView;

async function send(token: string, cprs: string[]): Promise<ShipmentView> {
  // The sender's own document: a shipment may only use documents its creator sees.
  const up = await p.api('/v1/documents', {
    token,
    method: 'POST',
    body: new Uint8Array(MINIMAL_PDF),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(up.status).toBe(201);
  const doc = ((await up.json()) as { id: string }).id;
  const res = await p.api('/v1/shipments', {
    token,
    method: 'POST',
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      subject: 'Kun digitalt',
      mainDocument: doc,
      channelPolicy: 'digital-only',
      recipients: cprs.map((id) => ({ idType: 'CPR', id })),
    }),
  });
  expect(res.status).toBe(201);
  return waitForFinal(p, ((await res.json()) as ShipmentView).id);
}

const page = async (query: string, token?: string): Promise<LetterPage> => {
  const res = await p.api(`/v1/letters?${query}`, token ? { token } : {});
  expect(res.status).toBe(200);
  return (await res.json()) as LetterPage;
};

beforeAll(async () => {
  p = await startTestPlatform({ workers: true });
  [sender, teamlead, archivist] = await Promise.all([
    p.tokenFor('sender', { team: 'borgerservice' }),
    p.tokenFor('teamlead', { team: 'borgerservice' }),
    p.tokenFor('archivist'),
  ]);
  big = await send(sender, FAILING);
  small = await send(sender, [FAILING[0]!]);
  delivered = (await send(sender, [REGISTERED])).letters[0]!;
  expect(big.letters.map((l) => l.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
  expect(delivered.status).toBe('delivered_digital');
}, 120_000);
afterAll(() => p?.close());

describe('GET /v1/letters', () => {
  it('pages the error list on the server by cursor: every failed letter once, newest change first', async () => {
    const seen: LetterView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const got: LetterPage = await page(`status=failed&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(got.letters.length).toBeLessThanOrEqual(2);
      // The count covers every page, not the page at hand (the console's overview shows it).
      expect(got).toMatchObject({ total: 5, totalExact: true });
      seen.push(...got.letters);
      cursor = got.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((l) => l.id).sort()).toEqual([...big.letters, ...small.letters].map((l) => l.id).sort());
    const times = seen.map((l) => Date.parse(l.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by shipment (its id or beginning), provider, reason and time', async () => {
    expect((await page(`status=failed&shipment=${small.id.slice(0, 8)}`)).letters.map((l) => l.id)).toEqual([small.letters[0]!.id]);
    expect((await page(`status=failed&provider=sandbox`)).letters).toHaveLength(5);
    expect((await page(`status=failed&provider=digipost`)).letters).toHaveLength(0);
    const exempt = big.letters.find((l) => l.recipient.id === '030370-XXXX')!;
    const word = exempt.reason!.split(' ').find((w) => w.length > 6)!;
    expect((await page(`status=failed&reason=${encodeURIComponent(word.toUpperCase())}`)).letters.map((l) => l.id)).toContain(exempt.id);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await page(`status=failed&from=${encodeURIComponent(future)}`)).letters).toHaveLength(0);
    expect((await page(`status=failed&to=${encodeURIComponent(future)}`)).letters).toHaveLength(5);
  });

  it('refuses a cursor it did not make, and a time range backwards, naming the field', async () => {
    const bad = await p.api('/v1/letters?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('cursor');
    const now = new Date().toISOString();
    const backwards = await p.api(`/v1/letters?from=${encodeURIComponent(now)}&to=${encodeURIComponent(new Date(0).toISOString())}`);
    expect(((await backwards.json()) as { error: { field: string } }).error.field).toBe('from');
  });
});

describe('POST /v1/letters/{id}/cancel', () => {
  it('cancels a failed letter for a team lead: final status cancelled, off the error list, its event recorded and audited', async () => {
    const letter = big.letters[0]!;
    const res = await p.api(`/v1/letters/${letter.id}/cancel`, { method: 'POST', token: teamlead });
    expect(res.status).toBe(200);
    const body = (await res.json()) as LetterView;
    expect(body).toMatchObject({ id: letter.id, status: 'cancelled' });
    expect(body.statusLabel.da).toBe('Annulleret');

    const failed = await page('status=failed');
    expect(failed.letters.map((l) => l.id)).not.toContain(letter.id);
    expect((await page('status=cancelled')).letters.map((l) => l.id)).toContain(letter.id);
    const { events } = (await (await p.api(`/v1/letters/${letter.id}/events`)).json()) as { events: LetterEventView[] };
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', status: 'cancelled' });

    const audit = await p.runtime.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'letter.cancel')
      .where('subject_id', '=', letter.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toMatch(/^token:/);
    expect(JSON.stringify(audit[0])).not.toContain(FAILING[0]);

    // Once cancelled, neither cancelled again nor resent.
    expect((await p.api(`/v1/letters/${letter.id}/cancel`, { method: 'POST', token: teamlead })).status).toBe(409);
    expect((await p.api(`/v1/letters/${letter.id}/resend`, { method: 'POST', token: teamlead, body: '{}' })).status).toBe(409);
  });

  it("marks the failed letter's archive record cancelled, keeping its receipt, and audits the change", async () => {
    const letter = (await send(sender, [FAILING[1]!])).letters[0]!;
    const recordOf = async (status: string): Promise<ArchiveRecord | undefined> => {
      const res = await p.api(`/v1/archive/records?party=${FAILING[1]}&status=${status}`, { token: archivist });
      expect(res.status).toBe(200);
      return ((await res.json()) as ArchiveRecordPage).items.find((r) => r.letterId === letter.id);
    };
    const filed = await waitFor(() => recordOf('failed'), 'the failed letter to be archived');
    expect(filed.receipt).not.toBeNull();

    expect((await p.api(`/v1/letters/${letter.id}/cancel`, { method: 'POST', token: teamlead })).status).toBe(200);
    const cancelled = await waitFor(() => recordOf('cancelled'), "the record to say 'cancelled'");
    expect(cancelled).toMatchObject({ id: filed.id, caseId: filed.caseId, receipt: filed.receipt, documents: filed.documents });
    expect(await recordOf('failed')).toBeUndefined();
    const audit = await p.runtime.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'archive.record.status')
      .where('subject_id', '=', filed.id)
      .execute();
    expect(audit).toEqual([
      { actor: 'system', details: expect.objectContaining({ letterId: letter.id, from: 'failed', to: 'cancelled' }) },
    ]);
  });

  it('refuses a delivered letter with 409 saying why, and an archivist with 403', async () => {
    const res = await p.api(`/v1/letters/${delivered.id}/cancel`, { method: 'POST', token: teamlead });
    expect(res.status).toBe(409);
    const err = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('not_failed');
    expect(err.message).toContain('delivered_digital');

    const letter = big.letters[1]!;
    const forbidden = await p.api(`/v1/letters/${letter.id}/cancel`, { method: 'POST', token: archivist });
    expect(forbidden.status).toBe(403);
    const still = (await (await p.api(`/v1/letters/${letter.id}`)).json()) as LetterView;
    expect(still.status).toBe('failed');
  });

  it('refuses a letter already resent, and one the caller does not see (404)', async () => {
    const letter = big.letters[2]!;
    expect((await p.api(`/v1/letters/${letter.id}/resend`, { method: 'POST', token: teamlead, body: '{}' })).status).toBe(201);
    const res = await p.api(`/v1/letters/${letter.id}/cancel`, { method: 'POST', token: teamlead });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('already_resent');

    const otherTeam = await p.tokenFor('sender', { team: 'skole' });
    expect((await p.api(`/v1/letters/${big.letters[3]!.id}/cancel`, { method: 'POST', token: otherTeam })).status).toBe(404);
  });
});
