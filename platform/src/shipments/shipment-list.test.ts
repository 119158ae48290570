/**
 * `GET /v1/shipments` and `POST /v1/shipments/preview` on a real platform over HTTP, as the
 * panes' "Mine forsendelser" and preview read them: the list pages on the server with a cursor
 * (`before` = the page before's `nextBefore`), counts each shipment's letters by status, and shows
 * a sender only their own; preview names each recipient (and copy, and P-unit) where the
 * provider's or the register's look-up knows the name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentList, ShipmentPreview } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform } from '../../../test/support/platform.ts';

let p: TestPlatform;
let sender: string;

async function upload(token: string): Promise<string> {
  const up = await p.api('/v1/documents', {
    token,
    method: 'POST',
    body: new Uint8Array(MINIMAL_PDF),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(up.status).toBe(201);
  return ((await up.json()) as { id: string }).id;
}

async function create(token: string, subject: string, doc: string): Promise<string> {
  const res = await p.api('/v1/shipments', {
    token,
    method: 'POST',
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({ subject, mainDocument: doc, recipients: [{ idType: 'CPR', id: '0101904321' }] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const list = async (query: string, token?: string): Promise<ShipmentList> => {
  const res = await p.api(`/v1/shipments?${query}`, token ? { token } : {});
  expect(res.status).toBe(200);
  return (await res.json()) as ShipmentList;
};

beforeAll(async () => {
  p = await startTestPlatform({ workers: false, extraPlugins: [{ package: '@brevdue/plugin-sandbox/register', config: {} }] });
  sender = await p.tokenFor('sender');
  const mine = await upload(sender);
  for (let i = 1; i <= 5; i++) await create(sender, `Mit brev ${i}`, mine);
  await create(p.token, 'Administratorens brev', await upload(p.token));
}, 60_000);
afterAll(async () => {
  await p?.close();
});

describe('GET /v1/shipments', () => {
  it('pages newest first with a cursor, counts letters by status, and shows a sender only their own', async () => {
    const first = await list('limit=2', sender);
    expect(first.shipments.map((s) => s.subject)).toEqual(['Mit brev 5', 'Mit brev 4']);
    expect(first.shipments[0]).toMatchObject({ letters: 1, status: 'released' });
    expect(Object.values(first.shipments[0]!.counts).reduce((a, b) => a + b, 0)).toBe(1);
    const second = await list(`limit=2&before=${encodeURIComponent(first.nextBefore!)}`, sender);
    expect(second.shipments.map((s) => s.subject)).toEqual(['Mit brev 3', 'Mit brev 2']);
    const last = await list(`limit=2&before=${encodeURIComponent(second.nextBefore!)}`, sender);
    expect(last.shipments.map((s) => s.subject)).toEqual(['Mit brev 1']);
    expect(last.nextBefore).toBeNull();
    // The admin sees the whole organisation, the sender never the admin's.
    expect((await list('limit=50')).shipments.map((s) => s.subject)).toContain('Administratorens brev');
    expect((await list('limit=50', sender)).shipments.map((s) => s.subject)).not.toContain('Administratorens brev');
  });

  it('refuses a cursor it did not hand out, saying what to pass', async () => {
    const res = await p.api('/v1/shipments?before=yesterday', { token: sender });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('nextBefore');
  });
});

describe('POST /v1/shipments/preview', () => {
  it("names recipients the provider knows, copies by the register's names, and shows the P-unit", async () => {
    const doc = await upload(sender);
    const res = await p.api('/v1/shipments/preview', {
      token: sender,
      method: 'POST',
      body: JSON.stringify({
        subject: 'Navne',
        mainDocument: doc,
        recipients: [
          { idType: 'CPR', id: '0505705555' },
          { idType: 'CVR', id: '29189846', pNumber: '1017605124' },
          { idType: 'CPR', id: '1505144320' },
          { idType: 'CPR', id: '0101904321', name: 'Jens H.' },
        ],
        options: { guardianCopies: true },
      }),
    });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as ShipmentPreview;
    expect(preview.recipients.map((r) => r.recipient)).toEqual([
      { idType: 'CPR', id: '050570-XXXX', name: 'Sofie Udenmobil' },
      { idType: 'CVR', id: '29189846', name: 'Testkommune', pNumber: '1017605124' },
      { idType: 'CPR', id: '150514-XXXX' },
      // A name the request gives is the name shown.
      { idType: 'CPR', id: '010190-XXXX', name: 'Jens H.' },
    ]);
    expect(preview.recipients[2]!.copies?.map((c) => [c.recipient.name, c.copyKind, c.relation])).toEqual([
      ['Anne Jensen', 'guardian', 'mother'],
      ['Peter Jensen', 'guardian', 'father'],
    ]);
  });
});
