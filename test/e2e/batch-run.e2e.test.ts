/**
 * Batch runs: a shipment held for review, trimmed and released by an admin; the error list of
 * failed letters, worked off by resending to a corrected recipient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LetterView, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor, waitForFinal } from '../support/platform.ts';

let p: TestPlatform;
let doc: string;
beforeAll(async () => {
  p = await startTestPlatform();
  doc = await uploadPdf(p, MINIMAL_PDF);
});
afterAll(async () => p?.close());

const simCount = async () => ((await (await fetch(`${p.sandbox!.url}/stats`)).json()) as { messages: number }).messages;

describe('a batch run held for review', () => {
  it('builds letters without sending, lets an admin remove one and release the rest', async () => {
    const before = await simCount();
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Rykker',
        mainDocument: doc,
        review: true,
        recipients: [
          { idType: 'CPR', id: '0101904321' },
          { idType: 'CPR', id: '0202904321' },
          { idType: 'CPR', id: '0303904321' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const s = (await res.json()) as ShipmentView;
    expect(s.status).toBe('held');
    expect(s.letters.map((l) => l.status)).toEqual(['held', 'held', 'held']);

    const held = (await (await p.api('/v1/shipments?status=held')).json()) as { shipments: Array<{ id: string }> };
    expect(held.shipments.map((x) => x.id)).toContain(s.id);

    // A sender may not release or trim a run.
    const sender = await p.tokenFor('sender');
    expect((await p.api(`/v1/shipments/${s.id}/release`, { method: 'POST', token: sender })).status).toBe(403);
    expect((await p.api(`/v1/shipments/${s.id}/letters/${s.letters[1]!.id}`, { method: 'DELETE', token: sender })).status).toBe(403);

    const removed = await p.api(`/v1/shipments/${s.id}/letters/${s.letters[1]!.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as LetterView).status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1500)); // workers would have had time to send
    expect(await simCount()).toBe(before);

    const released = await p.api(`/v1/shipments/${s.id}/release`, { method: 'POST' });
    expect(released.status).toBe(200);
    expect((await p.api(`/v1/shipments/${s.id}/release`, { method: 'POST' })).status).toBe(409);
    const done = await waitForFinal(p, s.id);
    expect(done.letters.map((l) => l.status)).toEqual(['delivered_digital', 'cancelled', 'delivered_digital']);
    expect(done.letters.map((l) => l.statusLabel.nb)).toEqual(['Sendt web', 'Ikke sendt', 'Sendt web']);
    expect(await simCount()).toBe(before + 2);
  });
});

describe('the error list', () => {
  it('shows failed letters with their reason; a resend to a corrected recipient is linked and leaves the list', async () => {
    // digital-only to a citizen not registered for digital post fails with a reason.
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Kun digitalt',
        mainDocument: doc,
        channelPolicy: 'digital-only',
        recipients: [{ idType: 'CPR', id: '0101701111' }],
      }),
    });
    const s = (await res.json()) as ShipmentView;
    const done = await waitForFinal(p, s.id);
    const failed = done.letters[0]!;
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/ikke tilmeldt digital post/);

    const list = (await (await p.api('/v1/letters?status=failed')).json()) as { letters: LetterView[] };
    expect(list.letters.map((l) => l.id)).toContain(failed.id);

    const resend = await p.api(`/v1/letters/${failed.id}/resend`, {
      method: 'POST',
      body: JSON.stringify({ recipient: { idType: 'CPR', id: '0101904321', name: 'Rettet modtager' } }),
    });
    expect(resend.status).toBe(201);
    const fresh = (await resend.json()) as LetterView;
    expect(fresh.resendOf).toBe(failed.id);
    await waitFor(
      async () => ((await (await p.api(`/v1/letters/${fresh.id}`)).json()) as LetterView).status === 'delivered_digital',
      'the resent letter',
    );
    const after = (await (await p.api('/v1/letters?status=failed')).json()) as { letters: LetterView[] };
    expect(after.letters.map((l) => l.id)).not.toContain(failed.id);
    expect((await p.api(`/v1/letters/${failed.id}/resend`, { method: 'POST', body: '{}' })).status).toBe(409);
    const bad = await p.api(`/v1/letters/${failed.id}/resend`, {
      method: 'POST',
      body: JSON.stringify({ recipient: { idType: 'CPR', id: '9999999999' } }),
    });
    expect(bad.status).toBe(400);
  });
});
