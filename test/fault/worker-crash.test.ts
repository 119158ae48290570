/**
 * Fault injection: a worker process is killed (SIGKILL) in the middle of a 1,000-letter
 * shipment while the simulator fails 20% of calls transiently (half before accepting, half
 * after accepting with the answer lost). After a restart every letter reaches a final status,
 * and the simulator accepted every letter exactly once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type BrevdueProcess, startBrevdueProcess } from '../support/brevdue-process.ts';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor } from '../support/platform.ts';
const LETTERS = 1000;

function cprs(n: number): string[] {
  // Valid date parts, distinct serials; none in the sandbox's not-registered table.
  return Array.from(
    { length: n },
    (_, i) => `0101${String(50 + (i % 40)).padStart(2, '0')}${String(1000 + Math.floor(i / 40)).padStart(4, '0')}`,
  );
}

describe('a worker killed mid-shipment', () => {
  let p: TestPlatform;
  let configFile: string;
  const workers: BrevdueProcess[] = [];
  const startWorker = () => {
    const w = startBrevdueProcess(configFile);
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    // The API process sends nothing itself: the worker processes do.
    // A job's expiry is fixed when it is enqueued (here by the API process): the same short
    // expiry as the workers', so a dead worker's letters come back within seconds.
    p = await startTestPlatform({
      workers: false,
      sandbox: { failureRate: 0.1, lostAckRate: 0.1 },
      config: { queue: { expireInSeconds: 5, maintenanceIntervalSeconds: 2 } },
    });
    configFile = join(p.dataDir, 'worker.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        databaseUrl: p.databaseUrl,
        dataDir: p.dataDir,
        plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: p.sandbox!.url } }],
        routing: [{ recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }],
        workers: { inProcess: false, concurrency: 64, pollIntervalSeconds: 2 },
        queue: { expireInSeconds: 5, maintenanceIntervalSeconds: 2 },
      }),
    );
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await p?.close();
  });

  it('delivers every letter exactly once after a SIGKILL and a restart', async () => {
    const doc = await uploadPdf(p, MINIMAL_PDF);
    const recipients = cprs(LETTERS).map((id) => ({ idType: 'CPR', id }));
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({ subject: 'Massebrev', mainDocument: doc, recipients }),
    });
    expect(res.status).toBe(201);
    const shipmentId = ((await res.json()) as { id: string }).id;
    const countFinal = async () => {
      const rows = await p.runtime.db.selectFrom('letters').select('status').where('shipment_id', '=', shipmentId).execute();
      return rows.filter((r) => ['delivered_digital', 'delivered_print', 'failed'].includes(r.status)).length;
    };

    const first = startWorker();
    await waitFor(async () => (await countFinal()) >= 150, 'the first worker to get going', 90_000);
    await first.kill();
    const atKill = await countFinal();
    console.log(`killed the worker with ${atKill} of ${LETTERS} letters final`);
    expect(atKill).toBeLessThan(LETTERS); // killed in the middle

    startWorker();
    await waitFor(async () => (await countFinal()) === LETTERS, 'every letter to reach a final status', 180_000);

    const letters = await p.runtime.db
      .selectFrom('letters')
      .select(['status', 'message_id', 'attempts'])
      .where('shipment_id', '=', shipmentId)
      .execute();
    expect(letters.every((l) => l.status === 'delivered_digital')).toBe(true);
    const sim = (await (await fetch(`${p.sandbox!.url}/messages`)).json()) as { messages: { messageId: string; acceptCount: number }[] };
    const accepted = new Map(sim.messages.map((m) => [m.messageId, m.acceptCount]));
    for (const l of letters) expect(accepted.get(l.message_id)).toBe(1);
    expect(sim.messages.filter((m) => letters.some((l) => l.message_id === m.messageId))).toHaveLength(LETTERS);
    const stats = (await (await fetch(`${p.sandbox!.url}/stats`)).json()) as {
      maxAcceptCount: number;
      referencesWithSeveralMessages: number;
    };
    expect(stats.maxAcceptCount).toBe(1);
    expect(stats.referencesWithSeveralMessages).toBe(0);
    // The faults did happen: some letters needed more than one attempt.
    expect(letters.some((l) => l.attempts > 1)).toBe(true);
  }, 300_000);

  it('finishes the batch in hand and exits 0 on SIGTERM', async () => {
    for (const w of workers) await w.kill(); // the previous test's
    const doc = await uploadPdf(p, MINIMAL_PDF);
    const recipients = cprs(400).map((id) => ({ idType: 'CPR', id }));
    const res = await p.api('/v1/shipments', { method: 'POST', body: JSON.stringify({ subject: 'Stop', mainDocument: doc, recipients }) });
    expect(res.status).toBe(201);
    const shipmentId = ((await res.json()) as { id: string }).id;
    const final = async () =>
      (
        await p.runtime.db
          .selectFrom('letters')
          .select('id')
          .where('shipment_id', '=', shipmentId)
          .where('status', 'in', ['delivered_digital', 'delivered_print', 'failed'])
          .execute()
      ).length;

    const w = startWorker();
    await waitFor(async () => (await final()) >= 20, 'the worker to get going', 90_000);
    const code = await w.stop();
    expect(code, w.output.join('')).toBe(0);
    // Nothing left claimed by the stopped process: no job waits out its expiry.
    const active = await sql<{
      n: number;
    }>`select count(*)::int as n from pgboss.job where name = 'letter-send' and state = 'active'`.execute(p.runtime.db);
    expect(active.rows[0]!.n).toBe(0);

    startWorker();
    await waitFor(async () => (await final()) === 400, 'the rest to be sent by a new worker', 180_000);
  }, 300_000);
});
