/**
 * The status poller on a real platform against the sandbox simulator: it takes turns by when it
 * last asked, never touches `updated_at` (when a letter last changed, which the letters list is
 * ordered and filtered by), and leaves alone letters that have not changed for 30 days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor, waitForFinal } from '../../../test/support/platform.ts';

let p: TestPlatform;
beforeAll(async () => {
  // The test platform polls every second.
  p = await startTestPlatform({ workers: true });
});
afterAll(() => p?.close());

const rowsOf = (ids: string[]) =>
  p.runtime.db.selectFrom('letters').select(['id', 'status', 'updated_at', 'polled_at']).where('id', 'in', ids).orderBy('id').execute();

describe('the status poller', () => {
  it('asks about delivered letters in turns without marking them changed, and not after 30 days without a change', async () => {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Afgørelse',
        mainDocument: await uploadPdf(p, MINIMAL_PDF),
        channelPolicy: 'digital-only',
        recipients: [
          { idType: 'CPR', id: '0101904321' },
          { idType: 'CPR', id: '0202904321' },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const done = await waitForFinal(p, ((await res.json()) as ShipmentView).id);
    const ids = done.letters.map((l) => l.id).sort();
    expect(done.letters.map((l) => l.status)).toEqual(['delivered_digital', 'delivered_digital']);

    await waitFor(async () => (await rowsOf(ids)).every((r) => r.polled_at !== null), 'both letters polled');
    const [fresh, stale] = await rowsOf(ids);
    // The second letter last changed 31 days ago: out of the poller's window.
    await p.runtime.db
      .updateTable('letters')
      .set({ updated_at: new Date(Date.now() - 31 * 86_400_000), polled_at: null })
      .where('id', '=', stale!.id)
      .execute();

    // Two more rounds for the first letter.
    const since = fresh!.polled_at!.getTime();
    await waitFor(async () => (await rowsOf([fresh!.id]))[0]!.polled_at!.getTime() > since + 1000, 'the first letter polled again');
    const [freshAfter, staleAfter] = await rowsOf(ids);
    expect(freshAfter!.updated_at).toEqual(fresh!.updated_at);
    expect(freshAfter!.status).toBe('delivered_digital');
    expect(staleAfter!.polled_at).toBeNull();
  });
});
