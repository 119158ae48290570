/**
 * The database goes away mid-send: the embedded PostgreSQL's postmaster is SIGKILLed while a
 * shipment is being sent through the sandbox provider. The platform (in this process) stays up,
 * answers 503 with Retry-After while the database is gone, starts the server again itself (same
 * data dir and port), and every letter ends accepted by the simulator exactly once, without a
 * restart of the platform.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, freePort, startTestPlatform, waitFor } from '../support/platform.ts';

const LETTERS = 200;
const FINAL = ['delivered_digital', 'delivered_print', 'failed'] as const;

function cprs(n: number, offset = 0): string[] {
  // Valid date parts, distinct serials; none in the sandbox's not-registered table.
  return Array.from(
    { length: n },
    (_, i) => `0101${String(50 + ((i + offset) % 40)).padStart(2, '0')}${String(2000 + Math.floor((i + offset) / 40)).padStart(4, '0')}`,
  );
}

describe('losing the embedded PostgreSQL mid-send', () => {
  let p: TestPlatform;
  let dataDir: string;
  const postmasterPid = () => Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

  beforeAll(async () => {
    // The platform's own embedded server (not the test run's shared one), in a data dir the
    // unprivileged postgres user can reach.
    dataDir = mkdtempSync(join(tmpdir(), 'brevdue-dbloss-'));
    chmodSync(dataDir, 0o755);
    p = await startTestPlatform({
      // Latency keeps the shipment sending for a while; a short job expiry brings back the jobs in
      // hand when the database went away.
      sandbox: { latencyMs: 20 },
      config: {
        databaseUrl: undefined,
        dataDir,
        embeddedPostgresPort: await freePort(),
        queue: { expireInSeconds: 5, maintenanceIntervalSeconds: 2 },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await p?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays up, answers 503 with Retry-After while it is gone, restarts it and accepts every letter once', async () => {
    // The document is stored as an upload stores it; the upload route is not what is tested here.
    const { sha256, bytes } = await p.runtime.blobs.putBuffer(MINIMAL_PDF);
    const org = await p.runtime.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    const { id: doc } = await p.runtime.db
      .insertInto('documents')
      .values({ organisation_id: org.id, sha256, bytes, media_type: 'application/pdf', filename: 'brev.pdf', pages: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const send = async (n: number, offset: number) => {
      const recipients = cprs(n, offset).map((id) => ({ idType: 'CPR', id }));
      const res = await p.api('/v1/shipments', {
        method: 'POST',
        body: JSON.stringify({ subject: 'Påmindelse', mainDocument: doc, recipients }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const finalCount = async (shipmentId: string) =>
      (await p.runtime.db.selectFrom('letters').select('id').where('shipment_id', '=', shipmentId).where('status', 'in', FINAL).execute())
        .length;

    const shipmentId = await send(LETTERS, 0);
    await waitFor(async () => (await finalCount(shipmentId)) >= 20, 'sending to get going', 60_000);
    const killed = postmasterPid();
    process.kill(killed, 'SIGKILL');

    // While it is gone every answer that is not a 200 is a 503 that says when to try again.
    const refusals: { status: number; retryAfter: string | null; code?: string }[] = [];
    await waitFor(
      async () => {
        const res = await p.api(`/v1/shipments/${shipmentId}`);
        if (res.status === 200) return refusals.length > 0 || postmasterPid() !== killed;
        const body = (await res.json()) as { error?: { code?: string } };
        refusals.push({ status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code });
        return false;
      },
      'the API to answer again',
      60_000,
    );
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) expect(r).toEqual({ status: 503, retryAfter: '5', code: 'database_unavailable' });
    expect(postmasterPid()).not.toBe(killed); // started again, on the same data dir
    expect(p.logs.join('')).toContain('embedded PostgreSQL restarted');

    // Sending resumes by itself, and a new shipment goes through too.
    await waitFor(async () => (await finalCount(shipmentId)) === LETTERS, 'every letter to reach a final status', 180_000);
    const after = await send(20, LETTERS);
    await waitFor(async () => (await finalCount(after)) === 20, 'the shipment made after the restart', 60_000);

    const letters = await p.runtime.db
      .selectFrom('letters')
      .select(['status', 'message_id'])
      .where('shipment_id', 'in', [shipmentId, after])
      .execute();
    expect(letters.every((l) => l.status === 'delivered_digital')).toBe(true);
    const sim = (await (await fetch(`${p.sandbox!.url}/messages`)).json()) as { messages: { messageId: string; acceptCount: number }[] };
    const accepted = new Map(sim.messages.map((m) => [m.messageId, m.acceptCount]));
    for (const l of letters) expect(accepted.get(l.message_id)).toBe(1);
    const stats = (await (await fetch(`${p.sandbox!.url}/stats`)).json()) as {
      maxAcceptCount: number;
      referencesWithSeveralMessages: number;
    };
    expect(stats).toMatchObject({ maxAcceptCount: 1, referencesWithSeveralMessages: 0 });
    expect((await fetch(`${p.url}/health`)).status).toBe(200);
    // The LISTEN connections (job wake-ups, letter events) came back too.
    expect(p.logs.filter((l) => l.includes('listener reconnected')).length).toBeGreaterThan(0);
  }, 300_000);
});
