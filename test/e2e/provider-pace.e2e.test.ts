/**
 * Sending at each remote's pace, through the HTTP API: a remote that throttles (429 with
 * Retry-After past its agreed limit) slows only its own letters — each is still accepted exactly
 * once and no throttle counts as a failed attempt — while another provider's letters are sent
 * as usual; and the letters of small shipments are queued ahead of a big run's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sandbox from '@brevdue/plugin-sandbox';
import type { RunningSimulator } from '@brevdue/shared/sdk';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform, uploadPdf, waitForFinal } from '../support/platform.ts';

let p: TestPlatform;
let other: RunningSimulator;
let doc: string;

beforeAll(async () => {
  // The CVR remote is a second sandbox of its own; the CPR remote accepts 2 messages at a time
  // while the platform may have 8 in flight to it, so it throttles.
  other = await sandbox.simulator!.start({ port: 0, host: '127.0.0.1', dataDir: mkdtempSync(join(tmpdir(), 'pace-sim-')), settings: {} });
  p = await startTestPlatform({
    sandbox: { maxConcurrent: 2, retryAfterSeconds: 1, latencyMs: 50 },
    // The CPR provider's agreed limit in the platform is above what its remote allows.
    sandboxConcurrency: 8,
    extraPlugins: [{ name: 'sandbox-b', package: '@brevdue/plugin-sandbox', config: { url: other.url } }],
    routing: [
      { recipientTypes: ['CPR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' },
      { recipientTypes: ['CVR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox-b' },
    ],
  });
  doc = await uploadPdf(p, MINIMAL_PDF, 'brev.pdf');
});
afterAll(async () => {
  await p?.close();
  await other?.close();
});

const create = async (recipients: { idType: string; id: string }[]) => {
  const res = await p.api('/v1/shipments', { method: 'POST', body: JSON.stringify({ subject: 'Tempo', mainDocument: doc, recipients }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

describe('sending at the remote’s pace', () => {
  it('a throttling remote gets each letter once, throttles are not failed attempts, and the other provider is not held up', async () => {
    const cprs = Array.from({ length: 30 }, (_, i) => ({ idType: 'CPR', id: `010190${String(4000 + i)}` }));
    const throttledRun = await create(cprs);
    const cvrRun = await create([
      { idType: 'CVR', id: '29189846' },
      { idType: 'CVR', id: '10103940' },
    ]);
    const [a, b] = await Promise.all([waitForFinal(p, throttledRun, 120_000), waitForFinal(p, cvrRun, 120_000)]);
    expect(a.letters.map((l) => l.status)).toEqual(cprs.map(() => 'delivered_digital'));
    expect(b.letters.map((l) => l.status)).toEqual(['delivered_digital', 'delivered_digital']);

    const stats = (await (await fetch(`${p.sandbox!.url}/stats`)).json()) as { accepted: number; duplicates: number; throttled: number };
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.accepted).toBe(30);
    expect(stats.duplicates).toBe(0);

    const rows = await p.runtime.db.selectFrom('letters').select(['attempts']).where('shipment_id', '=', throttledRun).execute();
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const throttles = await p.runtime.db
      .selectFrom('letter_events')
      .innerJoin('letters', 'letters.id', 'letter_events.letter_id')
      .select('letter_events.data')
      .where('letters.shipment_id', '=', throttledRun)
      .where('letter_events.type', '=', 'retry_scheduled')
      .execute();
    expect(throttles.length).toBeGreaterThan(0);
    expect(throttles.every((t) => (t.data as { throttled?: boolean; code?: string }).throttled === true)).toBe(true);
  }, 180_000);

  it('queues a single letter ahead of a big run created before it', async () => {
    // pg-boss keeps a job's row (with its priority) after it is done, so the queue need not stop.
    await fetch(`${p.sandbox!.url}/settings`, { method: 'POST', body: JSON.stringify({ maxConcurrent: null, latencyMs: 0 }) });
    const big = await create(Array.from({ length: 1200 }, (_, i) => ({ idType: 'CPR', id: `0202${String(900000 + i).slice(-6)}` })));
    const single = await create([{ idType: 'CPR', id: '0101904321' }]);
    const priorities = await sql<{ shipment_id: string; priority: number }>`
      select l.shipment_id, j.priority from pgboss.job j join letters l on l.id = (j.data->>'letterId')::uuid
      where l.shipment_id in (${big}, ${single})`.execute(p.runtime.db);
    const of = (id: string) => [...new Set(priorities.rows.filter((r) => r.shipment_id === id).map((r) => r.priority))];
    expect(of(single)).toHaveLength(1);
    expect(of(big)).toHaveLength(1);
    expect(of(single)[0]!).toBeGreaterThan(of(big)[0]!);
  }, 60_000);
});
