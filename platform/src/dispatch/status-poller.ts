/**
 * @module
 * Asks providers that offer `poll` about submitted letters, every `pollIntervalSeconds`. One
 * process polls a provider at a time (an advisory lock), however many processes run.
 */
import { sql } from 'kysely';
import type { PolledLetter } from '@brevdue/shared/sdk';
import type { Runtime } from '../app/runtime-types.ts';
import { reportStatuses } from '../letters/report-status.ts';

const BATCH = 500;

function lockKey(name: string): number {
  let h = 0;
  for (const ch of `poll:${name}`) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

export async function pollOnce(rt: Runtime): Promise<void> {
  for (const inst of rt.plugins.providers.values()) {
    const poll = inst.provider.poll?.bind(inst.provider);
    if (!poll) continue;
    await rt.db.connection().execute(async (conn) => {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${lockKey(inst.name)}) as ok`.execute(conn);
      if (!got.rows[0]?.ok) return;
      try {
        const rows = await conn
          .selectFrom('letters')
          .select(['id', 'provider_message_id', 'channel', 'submitted_at'])
          .where('provider', '=', inst.name)
          .where('status', 'in', ['submitted', 'delivered_digital', 'delivered_print'])
          // Delivered letters still get events (opened, print failed, postmarked) for a while.
          .where('updated_at', '>', new Date(Date.now() - 30 * 86_400_000))
          .where('provider_message_id', 'is not', null)
          // Turns: the letters asked about longest ago (or never) first.
          .orderBy(sql`polled_at nulls first`)
          .orderBy('updated_at')
          .limit(BATCH)
          .execute();
        if (rows.length === 0) return;
        const letters: PolledLetter[] = rows.map((r) => ({
          letterId: r.id,
          providerMessageId: r.provider_message_id!,
          channel: r.channel,
          submittedAt: r.submitted_at ?? new Date(),
        }));
        const updates = await poll(letters);
        await reportStatuses(rt, inst.name, updates);
        // Rotate: polled letters go to the back of the line. Not by `updated_at`: that is when
        // the letter last changed, which lists and the 30-day window above go by.
        await conn
          .updateTable('letters')
          .set({ polled_at: new Date() })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
      } catch (err) {
        rt.logger.warn({ err, provider: inst.name }, 'status poll failed');
      } finally {
        await sql`select pg_advisory_unlock(${lockKey(inst.name)})`.execute(conn);
      }
    });
  }
}

/** Starts polling; returns a stop function. */
export function startStatusPoller(rt: Runtime): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // The database may be away (a restart): this round is skipped, the next one tries again.
    void pollOnce(rt)
      .catch((err: unknown) => rt.logger.warn({ err }, 'status poll failed'))
      .finally(() => (running = false));
  }, rt.config.workers.pollIntervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
